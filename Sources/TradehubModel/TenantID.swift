/// Identifies a tenant (a customer account); every stored row of market data belongs to one.
public struct TenantID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// The tenant the embedded single-user mode works in when no `--tenant` is given.
    public static let embeddedDefault = TenantID(rawValue: 1)

    public var description: String { String(rawValue) }
}
