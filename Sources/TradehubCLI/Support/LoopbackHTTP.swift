import ErrorDNA
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal blocking HTTP/1.1 client for talking to a local `tradehub serve` (the
/// `services` command, the `startup` benchmark). Not a general client: no TLS, no redirects.
enum LoopbackHTTP {
    struct Reply {
        let status: Int
        let body: String
    }

    /// Performs `GET path` against `host:port`; throws `E_SERVER_UNREACHABLE` when nothing answers.
    static func get(host: String, port: Int, path: String, timeoutMs: Int = 2000) throws -> Reply {
        try request("GET", host: host, port: port, path: path, timeoutMs: timeoutMs)
    }

    /// Performs `method path` with a JSON `body` against `host:port`.
    static func request(
        _ method: String, host: String, port: Int, path: String, body: String? = nil, timeoutMs: Int = 2000
    ) throws -> Reply {
        let address = "\(host):\(port)"
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var info: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &info) == 0, let first = info else {
            throw TradehubError(.serverUnreachable, ["address": address, "reason": "cannot resolve host"])
        }
        defer { freeaddrinfo(info) }
        let descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard descriptor >= 0 else {
            throw TradehubError(.serverUnreachable, ["address": address, "reason": String(cString: strerror(errno))])
        }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: timeoutMs / 1000, tv_usec: (timeoutMs % 1000) * 1000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connect(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            throw TradehubError(.serverUnreachable, ["address": address, "reason": String(cString: strerror(errno))])
        }
        var request = "\(method) \(path) HTTP/1.1\r\nHost: \(address)\r\nConnection: close\r\nAccept: */*\r\n"
        if let body {
            request += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            request += "\r\n"
        }
        let sent = request.withCString { send(descriptor, $0, strlen($0), 0) }
        guard sent > 0 else {
            throw TradehubError(.serverUnreachable, ["address": address, "reason": String(cString: strerror(errno))])
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let headerEnd = text.range(of: "\r\n\r\n"),
              let statusLine = text[..<headerEnd.lowerBound].split(separator: "\r\n").first,
              let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else {
            throw TradehubError(.serverUnreachable, ["address": address, "reason": "not an HTTP response"])
        }
        return Reply(status: status, body: String(text[headerEnd.upperBound...]))
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
