import ErrorDNA
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Adopts a well-formed incoming `X-Request-Id` as the request id and echoes the id back.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let incoming = request.headers[.xRequestID], Self.isAcceptable(incoming) {
            context.requestID = incoming
            context.logger[metadataKey: "hb.request.id"] = .string(incoming)
        }
        var response = try await next(request, context)
        response.headers[.xRequestID] = context.requestID
        return response
    }

    static func isAcceptable(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128
            && id.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            }
    }
}

/// One log line and one metrics sample per request, with route, status and duration.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let telemetry: Telemetry

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let route = context.endpointPath ?? "NotFound"
        telemetry.recordRequest(
            route: route, method: request.method.rawValue, status: response.status.code, duration: elapsed)
        context.logger.info(
            "request",
            metadata: [
                "http.method": "\(request.method)", "http.path": "\(request.uri.path)",
                "http.status": "\(response.status.code)",
                "duration_ms": "\((Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15))",
            ])
        return response
    }
}

/// Turns every error into an RFC 9457 problem+json response carrying a catalogue code, and
/// reports it (metric, occurrence store).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let reporter: ErrorReporter

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.classify(error, request: request)
            if problem.httpStatus >= 500 {
                context.logger.error("request failed", metadata: ["code": "\(problem.code)", "error": "\(error)"])
            }
            await reporter.report(problem, logger: context.logger)
            return Self.response(for: problem, instance: request.uri.path, requestID: context.requestID)
        }
    }

    static func classify(_ error: any Error, request: Request) -> TradehubError {
        if let error = error as? TradehubError { return error }
        let method = request.method.rawValue
        let path = request.uri.path
        if let error = error as? any HTTPResponseError {
            let reason = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            switch error.status.code {
            case 404: return TradehubError(.httpNotFound, ["method": method, "path": path])
            case 405: return TradehubError(.httpMethodNotAllowed, ["method": method, "path": path])
            case 400..<500: return TradehubError(.httpBadRequest, ["reason": reason])
            default: return TradehubError(.httpStatus, ["status": String(error.status.code), "reason": reason])
            }
        }
        return TradehubError(.internal, ["reason": String(describing: type(of: error))])
    }

    static func response(for error: TradehubError, instance: String?, requestID: String?) -> Response {
        var problem = ProblemDetails(error, instance: instance, requestID: requestID)
        // E_HTTP_STATUS wraps a framework error whose own status is the one to answer with.
        if error.code == .httpStatus, let status = error["status"].flatMap(Int.init), (400...599).contains(status) {
            problem.status = status
        }
        let body = (try? JSONCoding.encoder.encode(problem)) ?? Data("{}".utf8)
        return Response(
            status: HTTPResponse.Status(code: problem.status),
            headers: [.contentType: ProblemDetails.mediaType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension HTTPField.Name {
    static let xRequestID = HTTPField.Name("X-Request-Id")!
}

/// The JSON settings every API response uses.
enum JSONCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
