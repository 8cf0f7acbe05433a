import Crypto
import ErrorDNA
import GRDB
import TradehubModel

/// A tenant as listed: never its key, which is shown once at creation or rotation.
public struct TenantRecord: Sendable, Equatable, Codable {
    public var id: TenantID
    public var name: String
    public var createdMs: Int64
    /// Whether a bridge key is set (the embedded default tenant has none until rotated).
    public var hasBridgeKey: Bool

    public init(id: TenantID, name: String, createdMs: Int64, hasBridgeKey: Bool) {
        self.id = id
        self.name = name
        self.createdMs = createdMs
        self.hasBridgeKey = hasBridgeKey
    }

    enum CodingKeys: String, CodingKey {
        case id, name, createdMs = "created_ms", hasBridgeKey = "has_bridge_key"
    }
}

/// Tenants and their bridge keys. Keys are stored only as SHA-256 hashes and checked in
/// constant time; the clear key exists only in the answer to `create` and `rotateKey`.
public protocol TenantStore: Sendable {
    /// Creates a tenant; returns it with its new bridge key (shown once).
    func create(name: String, nowMs: Int64) throws -> (TenantRecord, key: String)
    func list() throws -> [TenantRecord]
    /// Replaces the tenant's bridge key; the old one stops working at once.
    func rotateKey(of tenant: TenantID) throws -> String
    /// The tenant a bridge key belongs to, or nil.
    func authenticate(key: String) throws -> TenantID?
}

/// Bridge keys: `tk_` and 64 hexadecimal digits from the system's secure random generator.
public enum BridgeKey {
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "tk_" + hex(bytes)
    }

    /// The hexadecimal SHA-256 of the key, as stored.
    public static func hash(_ key: String) -> String { hex(Array(SHA256.hash(data: Array(key.utf8)))) }

    /// Compares two equal-length strings without an early exit.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The SQLite implementation of `TenantStore`.
public struct SQLiteTenantStore: TenantStore {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) { self.database = database }

    public func create(name: String, nowMs: Int64) throws -> (TenantRecord, key: String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.allSatisfy(\.isNumber), trimmed.count <= 100 else {
            throw TradehubError(.tenantName, ["name": name])
        }
        let key = BridgeKey.generate()
        do {
            let id = try database.writer.write { db -> Int64 in
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM tenant WHERE name = ?)", arguments: [trimmed]) == true {
                    throw TradehubError(.tenantExists, ["name": trimmed])
                }
                try db.execute(
                    sql: "INSERT INTO tenant (name, created_ms, bridge_key_hash) VALUES (?, ?, ?)",
                    arguments: [trimmed, nowMs, BridgeKey.hash(key)])
                return db.lastInsertedRowID
            }
            return (TenantRecord(id: TenantID(rawValue: id), name: trimmed, createdMs: nowMs, hasBridgeKey: true), key)
        } catch let error as TradehubError {
            throw error
        } catch {
            throw TradehubError(.storageQuery, ["operation": "create tenant", "reason": SQLiteDatabase.describe(error)])
        }
    }

    public func list() throws -> [TenantRecord] {
        do {
            return try database.writer.read { db in
                try Row.fetchAll(db, sql: "SELECT id, name, created_ms, bridge_key_hash IS NOT NULL FROM tenant ORDER BY id")
                    .map { TenantRecord(id: TenantID(rawValue: $0[0]), name: $0[1], createdMs: $0[2], hasBridgeKey: $0[3]) }
            }
        } catch {
            throw TradehubError(.storageQuery, ["operation": "list tenants", "reason": SQLiteDatabase.describe(error)])
        }
    }

    public func rotateKey(of tenant: TenantID) throws -> String {
        let key = BridgeKey.generate()
        do {
            let changed = try database.writer.write { db -> Int in
                try db.execute(
                    sql: "UPDATE tenant SET bridge_key_hash = ? WHERE id = ?", arguments: [BridgeKey.hash(key), tenant.rawValue])
                return db.changesCount
            }
            guard changed == 1 else { throw TradehubError(.tenantUnknown, ["tenant": tenant.description, "known": "see tradehub tenant list"]) }
            return key
        } catch let error as TradehubError {
            throw error
        } catch {
            throw TradehubError(.storageQuery, ["operation": "rotate key", "reason": SQLiteDatabase.describe(error)])
        }
    }

    public func authenticate(key: String) throws -> TenantID? {
        let presented = BridgeKey.hash(key)
        do {
            let row = try database.writer.read { db in
                try Row.fetchOne(db, sql: "SELECT id, bridge_key_hash FROM tenant WHERE bridge_key_hash = ?", arguments: [presented])
            }
            guard let row, BridgeKey.constantTimeEqual(row[1], presented) else { return nil }
            return TenantID(rawValue: row[0])
        } catch {
            throw TradehubError(.storageQuery, ["operation": "authenticate", "reason": SQLiteDatabase.describe(error)])
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in _: Whitespace) -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

private enum Whitespace { case whitespaces }
