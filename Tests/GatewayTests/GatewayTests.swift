import ErrorDNA
import Foundation
import Gateway
import Hub
import Hummingbird
import HummingbirdTesting
import Testing

struct Kaboom: Error {}

@Suite("Gateway HTTP API", .timeLimit(.minutes(1)))
struct GatewayTests {
    @Test("GET /health answers 200 alive with the version")
    func health() async throws {
        let fixture = try GatewayFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.contentType == "application/json")
                let alive = try response.decode(Alive.self)
                #expect(alive == Alive(status: "alive", version: "9.9.9-test"))
                #expect(response.text.hasPrefix(#"{"status":"alive""#))
            }
        }
    }

    @Test("GET /ready is 503 before the hub runs, 200 while every service runs, 503 when one is unhealthy")
    func ready() async throws {
        let fixture = try GatewayFixture()
        let hub = fixture.hub
        let storageHealth = fixture.storageHealth
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.contentType == "application/json")
                let report = try response.decode(ReadinessReport.self)
                #expect(!report.ready)
                #expect(report.services.map(\.name) == ["storage", "bridge", "gateway"])
                #expect(report.services.allSatisfy { $0.state == .starting && !$0.health.healthy })
            }
            try await withRunning(hub) {
                try await client.execute(uri: "/ready", method: .get) { response in
                    #expect(response.status == .ok)
                    let report = try response.decode(ReadinessReport.self)
                    #expect(report.ready)
                    #expect(report.services.count == 3)
                    #expect(report.services.allSatisfy { $0.state == .running && $0.health.healthy })
                }
                storageHealth.current = .unhealthy("database is locked")
                try await client.execute(uri: "/ready", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    let report = try response.decode(ReadinessReport.self)
                    #expect(!report.ready)
                    #expect(report.services.first { $0.name == "storage" }?.health == .unhealthy("database is locked"))
                }
                storageHealth.current = .healthy()
            }
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let report = try response.decode(ReadinessReport.self)
                #expect(report.services.allSatisfy { $0.state == .stopped })
            }
        }
    }

    @Test("an unknown route answers 404 problem+json with the catalogue code and the request id")
    func notFoundProblem() async throws {
        let fixture = try GatewayFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/nope", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.contentType == "application/problem+json")
                let problem = try response.decode(ProblemDetails.self)
                #expect(problem.code == .httpNotFound)
                #expect(problem.code.rawValue == "E_HTTP_NOT_FOUND")
                #expect(problem.type == "/api/v1/errors/E_HTTP_NOT_FOUND")
                #expect(problem.status == 404)
                #expect(problem.title == "Not found")
                #expect(problem.detail == "no route for GET /api/v1/nope")
                #expect(problem.instance == "/api/v1/nope")
                #expect(problem.hint == ErrorCatalogue.definition(for: .httpNotFound)?.remediation)
                #expect(problem.fingerprint.count == 16)
                let requestID = try #require(problem.requestID)
                #expect(!requestID.isEmpty)
                #expect(requestID != "-")
                #expect(response.requestID == requestID)
            }
            // A known path with a method it does not serve is not found either.
            try await client.execute(uri: "/health", method: .post) { response in
                #expect(response.status == .notFound)
                let problem = try response.decode(ProblemDetails.self)
                #expect(problem.detail == "no route for POST /health")
            }
        }
    }

    @Test("a well-formed incoming X-Request-Id is echoed; a malformed one is replaced")
    func requestIDs() async throws {
        // The fixture's logger keeps no metadata: the request id must not depend on the log handler.
        let fixture = try GatewayFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(
                uri: "/health", method: .get, headers: [.xRequestIDForTests: "abc-123"]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.requestID == "abc-123")
            }
            // Echoed in the problem body too.
            try await client.execute(
                uri: "/missing", method: .get, headers: [.xRequestIDForTests: "Trace_7.b"]
            ) { response in
                #expect(response.requestID == "Trace_7.b")
                let problem = try response.decode(ProblemDetails.self)
                #expect(problem.requestID == "Trace_7.b")
            }
            let longest = String(repeating: "a", count: 128)
            try await client.execute(uri: "/health", method: .get, headers: [.xRequestIDForTests: longest]) { response in
                #expect(response.requestID == longest)
            }
            let malformedIDs = [
                "abc 123", String(repeating: "a", count: 129), String(repeating: "x", count: 200), "a/b", "é", "<script>",
            ]
            for malformed in malformedIDs {
                try await client.execute(
                    uri: "/health", method: .get, headers: [.xRequestIDForTests: malformed]
                ) { response in
                    #expect(response.status == .ok)
                    let echoed = try #require(response.requestID)
                    #expect(echoed != malformed)
                    #expect(!echoed.isEmpty && echoed != "-")
                }
            }
            // Without one, each request gets its own.
            let first = try await client.execute(uri: "/health", method: .get) { $0.requestID }
            let second = try await client.execute(uri: "/health", method: .get) { $0.requestID }
            #expect(first != nil && second != nil && first != second)
        }
    }

    @Test("the access log line of a request carries the same request id as the response")
    func requestIDInLogs() async throws {
        let fixture = try GatewayFixture()
        let capture = LogCapture()
        try await fixture.application(logger: capture.logger).test(.router) { client in
            try await client.execute(uri: "/health", method: .get, headers: [.xRequestIDForTests: "abc-123"]) { response in
                #expect(response.requestID == "abc-123")
            }
            let generated = try await client.execute(uri: "/api/v1/nope", method: .get) { try #require($0.requestID) }
            let requests = capture.all.filter { $0.message == "request" }
            #expect(requests.count == 2)
            #expect(requests.first?.metadata["hb.request.id"] == "abc-123")
            #expect(requests.first?.metadata["http.status"] == "200")
            #expect(requests.last?.metadata["hb.request.id"] == generated)
            #expect(requests.last?.metadata["http.status"] == "404")
            #expect(requests.last?.metadata["http.path"] == "/api/v1/nope")
        }
    }

    @Test("GET /api/v1/services lists services in start order with state, health and address")
    func services() async throws {
        let fixture = try GatewayFixture()
        let hub = fixture.hub
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/services", method: .get) { response in
                #expect(response.status == .ok)
                let list = try response.decode(ServiceList.self)
                #expect(list.services.map(\.name) == hub.startOrder)
                #expect(list.services.allSatisfy { $0.state == .starting })
            }
            try await withRunning(hub) {
                try await client.execute(uri: "/api/v1/services", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.contentType == "application/json")
                    let list = try response.decode(ServiceList.self)
                    #expect(list.services.map(\.name) == ["storage", "bridge", "gateway"])
                    #expect(list.services.map(\.state) == [.running, .running, .running])
                    #expect(list.services.map(\.health) == [.healthy("sqlite ok"), .healthy(), .healthy()])
                    #expect(list.services[1].address == .network(host: "127.0.0.1", port: 8001))
                    #expect(list.services[1].dependencies == ["storage"])
                    #expect(list.services[2].dependencies == ["storage", "bridge"])
                    #expect(list.services[0].version == "2.0.0")
                    #expect(list.services[0].summary == "fake storage")
                    #expect(response.text.contains(#""address":"127.0.0.1:8001""#))
                }
            }
        }
    }

    @Test("GET /api/v1/errors returns the catalogue and groups repeated 404s into one occurrence")
    func errorOccurrences() async throws {
        let fixture = try GatewayFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/errors", method: .get) { response in
                #expect(response.status == .ok)
                let report = try response.decode(ErrorsReport.self)
                #expect(report.catalogue == ErrorCatalogue.all)
                #expect(report.occurrences.isEmpty)
            }
            let fingerprint = try await client.execute(uri: "/api/v1/nope", method: .get) { response in
                try response.decode(ProblemDetails.self).fingerprint
            }
            try await client.execute(uri: "/api/v1/errors", method: .get) { response in
                let occurrences = try response.decode(ErrorsReport.self).occurrences
                #expect(occurrences.count == 1)
                #expect(occurrences.first?.code == .httpNotFound)
                #expect(occurrences.first?.count == 1)
            }
            try await client.execute(uri: "/somewhere/else/entirely", method: .get) { response in
                #expect(response.status == .notFound)
                let problem = try response.decode(ProblemDetails.self)
                #expect(problem.fingerprint == fingerprint)
            }
            try await client.execute(uri: "/api/v1/errors", method: .get) { response in
                #expect(response.status == .ok)
                let occurrences = try response.decode(ErrorsReport.self).occurrences
                #expect(occurrences.count == 1)
                let occurrence = try #require(occurrences.first)
                #expect(occurrence.code == .httpNotFound)
                #expect(occurrence.count == 2)
                #expect(occurrence.fingerprint.value == fingerprint)
                #expect(occurrence.firstSeenMs == fixedNowMs)
                #expect(occurrence.lastSeenMs == fixedNowMs)
                #expect(occurrence.sample == "no route for GET /api/v1/nope")
            }
        }
        let stored = try await fixture.store.occurrences(limit: 10)
        #expect(stored.map(\.count) == [2])
    }

    @Test("GET /api/v1/errors/{code} explains a code; unknown codes and bad limits are problems")
    func errorLookup() async throws {
        let fixture = try GatewayFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/errors/E_HTTP_NOT_FOUND", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.contentType == "application/json")
                let definition = try response.decode(ErrorDefinition.self)
                #expect(definition == ErrorCatalogue.definition(for: .httpNotFound))
                #expect(response.text.contains(#""http_status":404"#))
            }
            try await client.execute(uri: "/api/v1/errors/E_NOPE", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.contentType == "application/problem+json")
                let problem = try response.decode(ProblemDetails.self)
                #expect(problem.code == .unknownErrorCode)
                #expect(problem.code.rawValue == "E_UNKNOWN_ERROR_CODE")
                #expect(problem.type == "/api/v1/errors/E_UNKNOWN_ERROR_CODE")
                #expect(problem.detail == "'E_NOPE' is not an error code in the catalogue")
                #expect(problem.instance == "/api/v1/errors/E_NOPE")
                #expect(problem.requestID == response.requestID)
            }
            for limit in ["0", "-1", "10001"] {
                try await client.execute(uri: "/api/v1/errors?limit=\(limit)", method: .get) { response in
                    #expect(response.status == .badRequest)
                    #expect(response.contentType == "application/problem+json")
                    let problem = try response.decode(ProblemDetails.self)
                    #expect(problem.code == .httpBadRequest)
                    #expect(problem.status == 400)
                    #expect(problem.detail == "bad request: limit must be 1…10000, got \(limit)")
                    #expect(problem.instance == "/api/v1/errors")
                }
            }
            // Two kinds of error now recorded (unknown code, bad request); limit bounds the list.
            try await client.execute(uri: "/api/v1/errors?limit=1", method: .get) { response in
                #expect(response.status == .ok)
                let report = try response.decode(ErrorsReport.self)
                #expect(report.occurrences.count == 1)
            }
            try await client.execute(uri: "/api/v1/errors?limit=10000", method: .get) { response in
                #expect(response.status == .ok)
                let codes = Set(try response.decode(ErrorsReport.self).occurrences.map(\.code))
                #expect(codes == [.unknownErrorCode, .httpBadRequest])
            }
        }
    }

    @Test("GET /metrics serves Prometheus text with process start, request and error counters")
    func metrics() async throws {
        let fixture = try GatewayFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/nope", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let contentType = try #require(response.contentType)
                #expect(contentType.hasPrefix("text/plain; version=0.0.4"))
                let text = response.text
                #expect(text.contains("process_start_time_seconds 1234"))
                let requestLines = text.split(separator: "\n").filter { $0.hasPrefix("http_requests_total{") }
                #expect(
                    requestLines.contains {
                        $0.contains(#"route="/health""#) && $0.contains(#"method="GET""#) && $0.contains(#"status="200""#)
                            && $0.hasSuffix(" 1")
                    }, "\(requestLines)")
                // The 404 is counted under a fixed route label, never the raw path (bounded cardinality).
                #expect(
                    requestLines.contains {
                        $0.contains(#"method="GET""#) && $0.contains(#"status="404""#) && $0.hasSuffix(" 1")
                    }, "\(requestLines)")
                #expect(!text.contains("/api/v1/nope"))
                #expect(text.contains(#"tradehub_errors_total{code="E_HTTP_NOT_FOUND"} 1"#))
                #expect(text.contains("http_request_duration_seconds_bucket{"))
            }
        }
    }

    @Test("a handler throwing a non-Tradehub error answers 500 problem+json E_INTERNAL")
    func internalError() async throws {
        let fixture = try GatewayFixture()
        fixture.router.get("boom") { _, _ -> String in throw Kaboom() }
        fixture.router.get("busy") { _, _ -> String in throw TradehubError(.notReady, ["reason": "warming up"]) }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/boom", method: .get) { response in
                #expect(response.status == .internalServerError)
                #expect(response.contentType == "application/problem+json")
                let problem = try response.decode(ProblemDetails.self)
                #expect(problem.code == .internal)
                #expect(problem.code.rawValue == "E_INTERNAL")
                #expect(problem.status == 500)
                #expect(problem.detail == "internal error: Kaboom")
                #expect(problem.instance == "/boom")
                #expect(problem.requestID == response.requestID)
            }
            // A TradehubError keeps its own code and status.
            try await client.execute(uri: "/busy", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let problem = try response.decode(ProblemDetails.self)
                #expect(problem.code == .notReady)
                #expect(problem.detail == "not ready: warming up")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.text.contains(#"tradehub_errors_total{code="E_INTERNAL"} 1"#))
                #expect(response.text.contains(#"tradehub_errors_total{code="E_NOT_READY"} 1"#))
                #expect(response.text.contains(#"route="/boom""#))
            }
        }
        let codes = try await fixture.store.occurrences(limit: 10).map(\.code)
        #expect(Set(codes) == [.internal, .notReady])
    }
}
