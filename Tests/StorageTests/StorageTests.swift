import ErrorDNA
import Foundation
import GRDB
import Storage
import Testing

/// A fresh directory under the system temporary directory, removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("tradehub-test-\(UUID().uuidString)").path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite("Data directory and database")
struct DatabaseTests {
    @Test("opening creates the directory, a WAL database and applies every migration")
    func freshDatabase() throws {
        let scratch = TemporaryDirectory()
        let directory = try DataDirectory(path: scratch.path + "/nested/data")
        let database = try SQLiteDatabase(directory: directory)
        let status = try database.status()
        #expect(status.journalMode == "wal")
        #expect(status.applied == ["0001_error_occurrences", "0002_market_data", "0003_tenant_keys_and_streams",
            "0004_bridge_accounts_and_orders", "0005_model_registry"])
        #expect(status.pending.isEmpty && status.unknown.isEmpty)
        #expect(status.schemaVersion == 5)
        #expect(FileManager.default.fileExists(atPath: directory.file(SQLiteDatabase.fileName)))
        try database.close()
    }

    @Test("without migrate the status lists pending migrations, and migrate applies them once")
    func pendingThenMigrate() throws {
        let scratch = TemporaryDirectory()
        let directory = try DataDirectory(path: scratch.path)
        let database = try SQLiteDatabase(directory: directory, migrate: false)
        let all = ["0001_error_occurrences", "0002_market_data", "0003_tenant_keys_and_streams",
            "0004_bridge_accounts_and_orders", "0005_model_registry"]
        #expect(try database.status().pending == all)
        #expect(try database.migrate() == all)
        #expect(try database.migrate() == [])
        #expect(try database.status().pending.isEmpty)
        try database.close()
    }

    @Test("a second opening of a data directory in use fails with E_DATA_DIR_LOCKED naming the holder")
    func exclusiveLock() throws {
        let scratch = TemporaryDirectory()
        let first = try DataDirectory(path: scratch.path)
        let error = try #require(throws: TradehubError.self) { try DataDirectory(path: scratch.path) }
        #expect(error.code == .dataDirLocked)
        #expect(error.message.contains("pid \(ProcessInfo.processInfo.processIdentifier)"))
        _ = first
    }

    @Test("the lock is released when the holder goes away")
    func lockReleased() throws {
        let scratch = TemporaryDirectory()
        do { _ = try DataDirectory(path: scratch.path) }
        _ = try DataDirectory(path: scratch.path)
    }

    @Test("a path that cannot be a directory gives E_DATA_DIR_UNUSABLE")
    func unusable() throws {
        let scratch = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let file = scratch.path + "/plain-file"
        _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        let error = try #require(throws: TradehubError.self) { try DataDirectory(path: file + "/data") }
        #expect(error.code == .dataDirUnusable)
    }

    @Test("a database written by a newer release is refused with E_STORAGE_SCHEMA_TOO_NEW")
    func newerSchema() throws {
        let scratch = TemporaryDirectory()
        do {
            let directory = try DataDirectory(path: scratch.path)
            let database = try SQLiteDatabase(directory: directory)
            try database.close()
            let queue = try DatabaseQueue(path: directory.file(SQLiteDatabase.fileName))
            try queue.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('9999_from_the_future')")
            }
            try queue.close()
        }
        let directory = try DataDirectory(path: scratch.path)
        let error = try #require(throws: TradehubError.self) { try SQLiteDatabase(directory: directory) }
        #expect(error.code == .storageSchemaTooNew)
        #expect(error.message.contains("9999_from_the_future"))
    }

    @Test("a file that is not SQLite gives E_STORAGE_OPEN, not a crash")
    func notSQLite() throws {
        let scratch = TemporaryDirectory()
        let directory = try DataDirectory(path: scratch.path)
        _ = FileManager.default.createFile(
            atPath: directory.file(SQLiteDatabase.fileName), contents: Data(repeating: 0x41, count: 4096))
        let error = try #require(throws: TradehubError.self) { try SQLiteDatabase(directory: directory) }
        #expect([ErrorCode.storageOpen, .storageQuery].contains(error.code))
    }
}

@Suite("Error occurrence stores")
struct ErrorOccurrenceStoreTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, memory
        var testDescription: String { rawValue }
    }

    /// Keeps the directory and database alive as long as the store is used.
    struct Fixture {
        let store: any ErrorOccurrenceStore
        let keepAlive: [AnyObject]
    }

    static func make(_ backend: Backend) throws -> Fixture {
        switch backend {
        case .memory:
            return Fixture(store: InMemoryErrorOccurrenceStore(), keepAlive: [])
        case .sqlite:
            let scratch = TemporaryDirectory()
            let directory = try DataDirectory(path: scratch.path)
            let database = try SQLiteDatabase(directory: directory)
            return Fixture(store: SQLiteErrorOccurrenceStore(database: database), keepAlive: [scratch, directory, database])
        }
    }

    @Test("occurrences group by fingerprint with count, first and last seen and one sample", arguments: Backend.allCases)
    func grouping(backend: Backend) async throws {
        let fixture = try Self.make(backend)
        let store = fixture.store
        try await store.record(TradehubError(.httpNotFound, ["method": "GET", "path": "/a/1"]), atMs: 1000)
        try await store.record(TradehubError(.httpNotFound, ["method": "GET", "path": "/b/22"]), atMs: 3000)
        try await store.record(TradehubError(.httpNotFound, ["method": "GET", "path": "/c"]), atMs: 2000)
        try await store.record(TradehubError(.configUnknownKey, ["key": "x", "source": "f:1", "allowed": "y"]), atMs: 2500)
        let groups = try await store.occurrences(limit: 10)
        #expect(groups.count == 2)
        let notFound = try #require(groups.first { $0.code == .httpNotFound })
        #expect(notFound.count == 3)
        #expect(notFound.firstSeenMs == 1000)
        #expect(notFound.lastSeenMs == 3000)
        #expect(notFound.sample == "no route for GET /a/1")
        #expect(groups.first?.code == .httpNotFound, "most recently seen first")
        #expect(try await store.occurrences(limit: 1).count == 1)
    }

    @Test("SQLite occurrences survive closing and reopening the data directory")
    func durable() async throws {
        let scratch = TemporaryDirectory()
        do {
            let directory = try DataDirectory(path: scratch.path)
            let database = try SQLiteDatabase(directory: directory)
            try await SQLiteErrorOccurrenceStore(database: database)
                .record(TradehubError(.internal, ["reason": "boom"]), atMs: 42)
            try database.close()
        }
        let directory = try DataDirectory(path: scratch.path)
        let database = try SQLiteDatabase(directory: directory)
        let groups = try await SQLiteErrorOccurrenceStore(database: database).occurrences(limit: 10)
        #expect(groups.map(\.code) == [.internal])
        #expect(groups.first?.lastSeenMs == 42)
    }
}
