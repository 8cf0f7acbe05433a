import ErrorDNA
import GRDB
import Storage
import Testing
import TradehubModel

@Suite("Tenants and bridge keys")
struct TenantStoreTests {
    @Test("a created tenant authenticates with its key; only the hash is stored")
    func createAndAuthenticate() throws {
        let database = try SQLiteDatabase.inMemory()
        let store = SQLiteTenantStore(database: database)
        let (tenant, key) = try store.create(name: "acme", nowMs: 42)
        #expect(tenant.id == TenantID(rawValue: 2) && tenant.name == "acme" && tenant.hasBridgeKey)
        #expect(key.hasPrefix("tk_") && key.count == 67)
        #expect(try store.authenticate(key: key) == tenant.id)
        #expect(try store.authenticate(key: key + "x") == nil)
        #expect(try store.authenticate(key: "") == nil)
        #expect(try store.list().map(\.name) == ["default", "acme"])
        let stored = try SQLiteTenantStoreProbe.storedHashes(database)
        #expect(!stored.contains(key) && stored.contains(BridgeKey.hash(key)))
    }

    @Test("rotating a key makes the old one fail at once")
    func rotate() throws {
        let store = SQLiteTenantStore(database: try .inMemory())
        let (tenant, old) = try store.create(name: "acme", nowMs: 1)
        let new = try store.rotateKey(of: tenant.id)
        #expect(new != old)
        #expect(try store.authenticate(key: old) == nil)
        #expect(try store.authenticate(key: new) == tenant.id)
        #expect(throws: TradehubError.self) { try store.rotateKey(of: TenantID(rawValue: 99)) }
    }

    @Test("names are unique and not bare numbers")
    func names() throws {
        let store = SQLiteTenantStore(database: try .inMemory())
        _ = try store.create(name: "acme", nowMs: 1)
        #expect((try? store.create(name: "acme", nowMs: 2)) == nil)
        let numeric = try #require(throws: TradehubError.self) { try store.create(name: "42", nowMs: 2) }
        #expect(numeric.code == .tenantName)
    }

    @Test("keys differ and compare in constant time")
    func keys() {
        #expect(BridgeKey.generate() != BridgeKey.generate())
        #expect(BridgeKey.constantTimeEqual("abc", "abc"))
        #expect(!BridgeKey.constantTimeEqual("abc", "abd"))
        #expect(!BridgeKey.constantTimeEqual("abc", "abcd"))
        #expect(BridgeKey.hash("k") == "8254c329a92850f6d539dd376f4816ee2764517da5e0235514af433164480d7a")
    }
}

/// Reads what the tenant table really holds.
enum SQLiteTenantStoreProbe {
    static func storedHashes(_ database: SQLiteDatabase) throws -> [String] {
        var hashes: [String] = []
        _ = try SQLiteMarketDataStore(database: database).tenant(named: "acme")
        try database.withRawRead { db in
            hashes = try String.fetchAll(db, sql: "SELECT bridge_key_hash FROM tenant WHERE bridge_key_hash IS NOT NULL")
        }
        return hashes
    }
}
