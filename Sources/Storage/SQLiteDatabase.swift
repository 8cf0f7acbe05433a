import ErrorDNA
import Foundation
import GRDB

/// The embedded SQLite database of a data directory (`tradehub.sqlite`, WAL mode).
///
/// Readers never block the writer and the writer never blocks readers; writes are serialised
/// by GRDB's pool. `close()` waits for writes in flight, which is what graceful shutdown relies on.
public final class SQLiteDatabase: Sendable {
    /// File name of the database inside the data directory.
    public static let fileName = "tradehub.sqlite"

    public let path: String
    /// The connection(s): a WAL pool on disk, or one in-memory connection.
    let writer: any DatabaseWriter
    private let directory: DataDirectory?
    private let checkpointer: WALCheckpointer?

    /// Opens (creating if needed) the database of `directory`; applies pending migrations when
    /// `migrate` is true, and refuses a database written by a newer binary either way.
    public init(directory: DataDirectory, migrate: Bool = true) throws {
        self.directory = directory
        path = directory.file(Self.fileName)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "tradehub"
        // WAL with synchronous=NORMAL: a commit survives a crash of the process (kill -9) the
        // moment it returns; only a power loss can take back the last commits, never corrupt.
        // Checkpoints run on the checkpointer's thread once a second, not inside commits.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0")
        }
        do {
            writer = try DatabasePool(path: path, configuration: configuration)
            checkpointer = try WALCheckpointer(path: path, interval: .seconds(1))
        } catch {
            throw TradehubError(.storageOpen, ["path": path, "reason": Self.describe(error)])
        }
        let unknown = try self.unknownMigrations()
        if !unknown.isEmpty {
            throw TradehubError(.storageSchemaTooNew, ["path": path, "unknown": unknown.joined(separator: ", ")])
        }
        if migrate { try self.migrate() }
    }

    /// A migrated database that lives in memory only (`storage.backend = memory`).
    public static func inMemory() throws -> SQLiteDatabase {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue()
        } catch {
            throw TradehubError(.storageOpen, ["path": ":memory:", "reason": describe(error)])
        }
        let database = SQLiteDatabase(writer: queue)
        try database.migrate()
        return database
    }

    private init(writer: DatabaseQueue) {
        self.writer = writer
        path = ":memory:"
        directory = nil
        checkpointer = nil
    }

    deinit { checkpointer?.stop() }

    /// Applies every pending migration; returns the identifiers applied now.
    @discardableResult
    public func migrate() throws -> [String] {
        let before = try status().applied
        var current = ""
        do {
            var migrator = DatabaseMigrator()
            Migrations.register(in: &migrator)
            for identifier in migrator.migrations where !before.contains(identifier) {
                current = identifier
                try migrator.migrate(writer, upTo: identifier)
            }
        } catch {
            throw TradehubError(
                .storageMigration, ["migration": current, "path": path, "reason": Self.describe(error)])
        }
        return try status().applied.filter { !before.contains($0) }
    }

    /// What the database holds and what this binary would apply.
    public func status() throws -> DatabaseStatus {
        var migrator = DatabaseMigrator()
        Migrations.register(in: &migrator)
        let known = migrator.migrations
        do {
            return try writer.read { db in
                let applied = try migrator.appliedIdentifiers(db)
                let journal = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "unknown"
                let pageCount = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
                return DatabaseStatus(
                    path: path,
                    sizeBytes: pageCount * pageSize,
                    journalMode: journal,
                    applied: known.filter { applied.contains($0) },
                    pending: known.filter { !applied.contains($0) },
                    unknown: applied.subtracting(known).sorted())
            }
        } catch {
            throw TradehubError(.storageQuery, ["operation": "status", "reason": Self.describe(error)])
        }
    }

    /// A cheap round trip through SQLite, for health checks.
    public func ping() async throws {
        do {
            _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
        } catch {
            throw TradehubError(.storageQuery, ["operation": "ping", "reason": Self.describe(error)])
        }
    }

    /// Runs `body` in a read transaction (for tests and diagnostics that inspect raw tables).
    public func withRawRead(_ body: (Database) throws -> Void) throws {
        try writer.read(body)
    }

    /// Waits for writes in flight, checkpoints the WAL and closes every connection.
    public func close() throws {
        checkpointer?.stop()
        do {
            if let pool = writer as? DatabasePool {
                _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
                try pool.close()
            } else if let queue = writer as? DatabaseQueue {
                try queue.close()
            }
        } catch {
            throw TradehubError(.storageQuery, ["operation": "close", "reason": Self.describe(error)])
        }
    }

    private func unknownMigrations() throws -> [String] {
        let status = try status()
        return status.unknown
    }

    /// Runs `body` in a read transaction; a `TradehubError` it throws passes through, any other
    /// failure becomes `E_STORAGE_QUERY` naming `operation`.
    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as TradehubError {
            throw error
        } catch {
            throw TradehubError(.storageQuery, ["operation": operation, "reason": Self.describe(error)])
        }
    }

    /// Runs `body` in a write transaction; a `TradehubError` it throws passes through, any other
    /// failure becomes `E_STORAGE_QUERY` naming `operation`.
    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch let error as TradehubError {
            throw error
        } catch {
            throw TradehubError(.storageQuery, ["operation": operation, "reason": Self.describe(error)])
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error)" }
        return "\(error)"
    }
}

/// The migration state of a database, as `tradehub db status` reports it.
public struct DatabaseStatus: Codable, Sendable, Equatable {
    public var path: String
    public var sizeBytes: Int
    public var journalMode: String
    /// Migrations applied, in order.
    public var applied: [String]
    /// Migrations this binary knows that are not applied yet.
    public var pending: [String]
    /// Migrations in the database that this binary does not know (written by a newer release).
    public var unknown: [String]

    /// The number of applied migrations.
    public var schemaVersion: Int { applied.count }

    enum CodingKeys: String, CodingKey {
        case path, sizeBytes = "size_bytes", journalMode = "journal_mode", applied, pending, unknown
        case schemaVersion = "schema_version"
    }

    public init(
        path: String, sizeBytes: Int, journalMode: String, applied: [String], pending: [String], unknown: [String]
    ) {
        self.path = path
        self.sizeBytes = sizeBytes
        self.journalMode = journalMode
        self.applied = applied
        self.pending = pending
        self.unknown = unknown
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        sizeBytes = try container.decode(Int.self, forKey: .sizeBytes)
        journalMode = try container.decode(String.self, forKey: .journalMode)
        applied = try container.decode([String].self, forKey: .applied)
        pending = try container.decode([String].self, forKey: .pending)
        unknown = try container.decode([String].self, forKey: .unknown)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(sizeBytes, forKey: .sizeBytes)
        try container.encode(journalMode, forKey: .journalMode)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(applied, forKey: .applied)
        try container.encode(pending, forKey: .pending)
        try container.encode(unknown, forKey: .unknown)
    }
}
