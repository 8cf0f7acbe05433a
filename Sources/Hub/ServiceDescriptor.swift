/// Where a service can be reached: inside this process, or over the network.
public enum ServiceAddress: Sendable, Equatable, CustomStringConvertible, Codable {
    case inProcess
    case network(host: String, port: Int)

    public var description: String {
        switch self {
        case .inProcess: "in-process"
        case .network(let host, let port): "\(host.contains(":") ? "[\(host)]" : host):\(port)"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        if text == "in-process" {
            self = .inProcess
        } else if let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) {
            var host = String(text[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            self = .network(host: host, port: port)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// What the Hub knows about a service before it runs: its identity and what it needs.
public struct ServiceDescriptor: Sendable, Equatable {
    /// Unique name (`storage`, `gateway`, `bridge`, …).
    public var name: String
    public var version: String
    /// One line for `tradehub services`.
    public var summary: String
    /// Names of the services that must be ready before this one starts.
    public var dependencies: [String]

    public init(name: String, version: String, summary: String, dependencies: [String] = []) {
        self.name = name
        self.version = version
        self.summary = summary
        self.dependencies = dependencies
    }
}

/// The answer of one service's health check.
public struct ServiceHealth: Sendable, Equatable, Codable {
    public var healthy: Bool
    /// What was checked, or what is wrong.
    public var detail: String

    public init(healthy: Bool, detail: String) {
        self.healthy = healthy
        self.detail = detail
    }

    public static func healthy(_ detail: String = "ok") -> ServiceHealth { ServiceHealth(healthy: true, detail: detail) }
    public static func unhealthy(_ detail: String) -> ServiceHealth { ServiceHealth(healthy: false, detail: detail) }
}

/// Where a service is in its life.
public enum ServiceState: String, Sendable, Codable, Equatable {
    /// Registered, waiting for its dependencies or starting up.
    case starting
    /// Ready and serving.
    case running
    /// Finished its graceful shutdown.
    case stopped
    /// Stopped with an error.
    case failed
}

/// One line of `GET /api/v1/services` and `GET /ready`.
public struct ServiceStatus: Sendable, Equatable, Codable {
    public var name: String
    public var version: String
    public var summary: String
    public var address: ServiceAddress
    public var dependencies: [String]
    public var state: ServiceState
    public var health: ServiceHealth

    public init(
        name: String, version: String, summary: String, address: ServiceAddress, dependencies: [String],
        state: ServiceState, health: ServiceHealth
    ) {
        self.name = name
        self.version = version
        self.summary = summary
        self.address = address
        self.dependencies = dependencies
        self.state = state
        self.health = health
    }
}

/// The whole platform's readiness: ready when every registered service runs and is healthy.
public struct ReadinessReport: Sendable, Equatable, Codable {
    public var ready: Bool
    public var services: [ServiceStatus]

    public init(ready: Bool, services: [ServiceStatus]) {
        self.ready = ready
        self.services = services
    }
}
