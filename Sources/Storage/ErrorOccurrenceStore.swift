import ErrorDNA
import GRDB
import Synchronization

/// Where error occurrences are counted, grouped by fingerprint.
public protocol ErrorOccurrenceStore: Sendable {
    /// Counts one occurrence of `error` seen at `atMs` (UTC milliseconds).
    func record(_ error: TradehubError, atMs: Int64) async throws
    /// The recorded groups, most recently seen first.
    func occurrences(limit: Int) async throws -> [ErrorOccurrence]
}

/// Occurrences kept in the embedded SQLite database; survive restarts.
public struct SQLiteErrorOccurrenceStore: ErrorOccurrenceStore {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) { self.database = database }

    public func record(_ error: TradehubError, atMs: Int64) async throws {
        let fingerprint = error.fingerprint.value
        let code = error.code.rawValue
        let sample = error.message
        do {
            try await database.writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO error_occurrence (fingerprint, code, count, first_seen_ms, last_seen_ms, sample)
                        VALUES (?, ?, 1, ?, ?, ?)
                        ON CONFLICT(fingerprint) DO UPDATE SET
                            count = count + 1,
                            last_seen_ms = max(last_seen_ms, excluded.last_seen_ms)
                        """,
                    arguments: [fingerprint, code, atMs, atMs, sample])
            }
        } catch {
            throw TradehubError(.storageQuery, ["operation": "record error", "reason": SQLiteDatabase.describe(error)])
        }
    }

    public func occurrences(limit: Int) async throws -> [ErrorOccurrence] {
        do {
            return try await database.writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT fingerprint, code, count, first_seen_ms, last_seen_ms, sample
                        FROM error_occurrence ORDER BY last_seen_ms DESC, fingerprint LIMIT ?
                        """,
                    arguments: [limit]
                ).map { row in
                    ErrorOccurrence(
                        fingerprint: Fingerprint(value: row["fingerprint"]), code: ErrorCode(row["code"] as String),
                        count: row["count"], firstSeenMs: row["first_seen_ms"], lastSeenMs: row["last_seen_ms"],
                        sample: row["sample"])
                }
            }
        } catch {
            throw TradehubError(.storageQuery, ["operation": "list errors", "reason": SQLiteDatabase.describe(error)])
        }
    }
}

/// Occurrences kept in memory only, for `storage.backend = memory` and tests.
public final class InMemoryErrorOccurrenceStore: ErrorOccurrenceStore {
    private let groups = Mutex<[Fingerprint: ErrorOccurrence]>([:])

    public init() {}

    public func record(_ error: TradehubError, atMs: Int64) async throws {
        let fingerprint = error.fingerprint
        groups.withLock { groups in
            if var existing = groups[fingerprint] {
                existing.count += 1
                existing.lastSeenMs = max(existing.lastSeenMs, atMs)
                groups[fingerprint] = existing
            } else {
                groups[fingerprint] = ErrorOccurrence(
                    fingerprint: fingerprint, code: error.code, count: 1, firstSeenMs: atMs, lastSeenMs: atMs,
                    sample: error.message)
            }
        }
    }

    public func occurrences(limit: Int) async throws -> [ErrorOccurrence] {
        let all = groups.withLock { Array($0.values) }
        return Array(
            all.sorted { ($0.lastSeenMs, $1.fingerprint.value) > ($1.lastSeenMs, $0.fingerprint.value) }.prefix(limit))
    }
}
