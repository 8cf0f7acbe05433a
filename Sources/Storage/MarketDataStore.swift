import ErrorDNA
import GRDB
import MarketData
import TradehubModel

/// Durable ticks, bars and quarantined input of every tenant and symbol.
///
/// Every query takes the tenant, and every statement filters on it, so no query of one tenant
/// can return another's rows.
public protocol MarketDataStore: Sendable {
    /// A writer that stores ticks of one symbol in batches, one transaction per batch.
    func tickWriter(tenant: TenantID, symbol: Symbol, batchSize: Int) throws -> TickWriter
    /// Calls `body` with the stored ticks of `symbol` in time order, `fromMs` ≤ time < `toMs`.
    func forEachTick(
        tenant: TenantID, symbol: String, fromMs: Int64, toMs: Int64, _ body: (Tick) throws -> Void) throws
    /// Stores bars (replacing bars with the same open time); returns how many were written.
    @discardableResult
    func storeBars(_ bars: [Bar], tenant: TenantID, symbol: Symbol, timeframe: Timeframe) throws -> Int
    /// Calls `body` with the stored bars in time order, `fromMs` ≤ open time < `toMs`.
    func forEachBar(
        tenant: TenantID, symbol: String, timeframe: Timeframe, fromMs: Int64, toMs: Int64,
        _ body: (Bar) throws -> Void) throws
    /// The timeframes that have stored bars for `symbol`, shortest first.
    func storedTimeframes(tenant: TenantID, symbol: String) throws -> [Timeframe]
    /// Whether any tick of `symbol` is stored.
    func hasTicks(tenant: TenantID, symbol: String) throws -> Bool
    /// Stores quarantined records; a record already stored (same symbol, source and code) is kept once.
    @discardableResult
    func quarantine(_ records: [QuarantineRecord], tenant: TenantID, recordedMs: Int64) throws -> Int
    /// Quarantined records, newest first, optionally of one symbol and/or code.
    func quarantined(tenant: TenantID, symbol: String?, code: ErrorCode?, limit: Int) throws -> [QuarantineRecord]
    /// How many records each code has, optionally for one symbol.
    func quarantineCounts(tenant: TenantID, symbol: String?) throws -> [ErrorCode: Int]
    /// The tenant with this id or name.
    func tenant(named idOrName: String) throws -> TenantID
    /// Deletes ticks older than `beforeMs` (the retention setting); returns how many.
    @discardableResult
    func deleteTicks(beforeMs: Int64) throws -> Int
}

/// Buffers ticks of one symbol and writes them in batches, numbering ticks of the same
/// millisecond so that a re-import of the same data stores each tick once.
public final class TickWriter {
    private let database: SQLiteDatabase
    private let tenant: TenantID
    private let symbolID: Int64
    private let batchSize: Int
    private var pending: [(tick: Tick, ordinal: Int64)] = []
    private var lastTimeMs = Int64.min
    private var ordinal: Int64 = 0
    /// Ticks written that were not stored before.
    public private(set) var inserted = 0

    init(database: SQLiteDatabase, tenant: TenantID, symbolID: Int64, batchSize: Int) {
        self.database = database
        self.tenant = tenant
        self.symbolID = symbolID
        self.batchSize = max(1, batchSize)
        pending.reserveCapacity(self.batchSize)
    }

    /// Adds a tick (in arrival order); writes a batch when the buffer is full.
    public func append(_ tick: Tick) throws {
        if tick.timeMs == lastTimeMs {
            ordinal += 1
        } else {
            lastTimeMs = tick.timeMs
            ordinal = 0
        }
        pending.append((tick, ordinal))
        if pending.count >= batchSize { try flush() }
    }

    /// Writes the buffered ticks in one transaction.
    public func flush() throws {
        guard !pending.isEmpty else { return }
        let batch = pending
        let tenant = tenant.rawValue
        let symbolID = symbolID
        do {
            inserted += try database.writer.write { db in
                let statement = try db.cachedStatement(sql: TickRows.insertSQL)
                var count = 0
                for (tick, ordinal) in batch {
                    try TickRows.insert(tick, ordinal: ordinal, tenant: tenant, symbolID: symbolID, with: statement)
                    count += db.changesCount
                }
                return count
            }
        } catch {
            throw TradehubError(.storageQuery, ["operation": "store ticks", "reason": SQLiteDatabase.describe(error)])
        }
        pending.removeAll(keepingCapacity: true)
    }
}

/// The SQLite implementation of `MarketDataStore`.
public struct SQLiteMarketDataStore: MarketDataStore {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) { self.database = database }

    public func tickWriter(tenant: TenantID, symbol: Symbol, batchSize: Int = 10_000) throws -> TickWriter {
        TickWriter(database: database, tenant: tenant, symbolID: try symbolID(symbol), batchSize: batchSize)
    }

    public func forEachTick(
        tenant: TenantID, symbol: String, fromMs: Int64, toMs: Int64, _ body: (Tick) throws -> Void
    ) throws {
        try database.read("read ticks") { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT time_ms, bid, ask, last, volume, flags FROM tick
                    WHERE tenant_id = ? AND symbol_id = (SELECT id FROM symbol WHERE name = ?)
                      AND time_ms >= ? AND time_ms < ?
                    ORDER BY time_ms, ordinal
                    """,
                arguments: [tenant.rawValue, symbol, fromMs, toMs])
            while let row = try rows.next() { try body(TickRows.tick(from: row)) }
        }
    }

    @discardableResult
    public func storeBars(_ bars: [Bar], tenant: TenantID, symbol: Symbol, timeframe: Timeframe) throws -> Int {
        let symbolID = try symbolID(symbol)
        return try database.write("store bars") { db in
            let statement = try db.cachedStatement(sql: BarRows.insertSQL)
            for bar in bars {
                try BarRows.insert(bar, tenant: tenant.rawValue, symbolID: symbolID, timeframe: timeframe, with: statement)
            }
            return bars.count
        }
    }

    public func forEachBar(
        tenant: TenantID, symbol: String, timeframe: Timeframe, fromMs: Int64, toMs: Int64,
        _ body: (Bar) throws -> Void
    ) throws {
        try database.read("read bars") { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT open_time_ms, open, high, low, close, tick_volume, spread, real_volume FROM bar
                    WHERE tenant_id = ? AND symbol_id = (SELECT id FROM symbol WHERE name = ?) AND timeframe = ?
                      AND open_time_ms >= ? AND open_time_ms < ?
                    ORDER BY open_time_ms
                    """,
                arguments: [tenant.rawValue, symbol, timeframe.rawValue, fromMs, toMs])
            while let row = try rows.next() {
                try body(
                    Bar(
                        openTimeMs: row[0], open: row[1], high: row[2], low: row[3], close: row[4], tickVolume: row[5],
                        spread: Int32(truncatingIfNeeded: row[6] as Int64), realVolume: row[7]))
            }
        }
    }

    public func storedTimeframes(tenant: TenantID, symbol: String) throws -> [Timeframe] {
        try database.read("list timeframes") { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT timeframe FROM bar
                    WHERE tenant_id = ? AND symbol_id = (SELECT id FROM symbol WHERE name = ?)
                    """,
                arguments: [tenant.rawValue, symbol]
            ).compactMap(Timeframe.init(rawValue:)).sorted()
        }
    }

    public func hasTicks(tenant: TenantID, symbol: String) throws -> Bool {
        try database.read("count ticks") { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM tick
                    WHERE tenant_id = ? AND symbol_id = (SELECT id FROM symbol WHERE name = ?))
                    """,
                arguments: [tenant.rawValue, symbol]) ?? false
        }
    }

    @discardableResult
    public func quarantine(_ records: [QuarantineRecord], tenant: TenantID, recordedMs: Int64) throws -> Int {
        guard !records.isEmpty else { return 0 }
        return try database.write("quarantine") { db in
            let statement = try db.cachedStatement(sql: QuarantineRows.insertSQL)
            var count = 0
            for record in records {
                try QuarantineRows.insert(record, tenant: tenant.rawValue, recordedMs: recordedMs, with: statement)
                count += db.changesCount
            }
            return count
        }
    }

    public func quarantined(tenant: TenantID, symbol: String?, code: ErrorCode?, limit: Int) throws -> [QuarantineRecord] {
        try database.read("list quarantine") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT symbol, code, reason, source, raw, time_ms FROM quarantine
                    WHERE tenant_id = ? AND (? IS NULL OR symbol = ?) AND (? IS NULL OR code = ?)
                    ORDER BY id DESC LIMIT ?
                    """,
                arguments: [tenant.rawValue, symbol, symbol, code?.rawValue, code?.rawValue, limit]
            ).map { row in
                QuarantineRecord(
                    symbol: row[0], code: ErrorCode(row[1] as String), reason: row[2], source: row[3], raw: row[4],
                    timeMs: row[5])
            }
        }
    }

    public func quarantineCounts(tenant: TenantID, symbol: String?) throws -> [ErrorCode: Int] {
        try database.read("count quarantine") { db in
            var counts: [ErrorCode: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT code, COUNT(*) FROM quarantine WHERE tenant_id = ? AND (? IS NULL OR symbol = ?)
                    GROUP BY code
                    """,
                arguments: [tenant.rawValue, symbol, symbol])
            {
                counts[ErrorCode(row[0] as String)] = row[1]
            }
            return counts
        }
    }

    @discardableResult
    public func deleteTicks(beforeMs: Int64) throws -> Int {
        return try database.write("delete old ticks") { db in
            try db.execute(sql: "DELETE FROM tick WHERE time_ms < ?", arguments: [beforeMs])
            return db.changesCount
        }
    }

    public func tenant(named idOrName: String) throws -> TenantID {
        let found = try database.read("find tenant") { db in
            try Int64.fetchOne(
                db, sql: "SELECT id FROM tenant WHERE name = ? OR CAST(id AS TEXT) = ?", arguments: [idOrName, idOrName])
        }
        guard let found else {
            let known = try database.read("list tenants") { db in try String.fetchAll(db, sql: "SELECT name FROM tenant ORDER BY id") }
            throw TradehubError(.tenantUnknown, ["tenant": idOrName, "known": known.joined(separator: ", ")])
        }
        return TenantID(rawValue: found)
    }

    private func symbolID(_ symbol: Symbol) throws -> Int64 {
        return try database.write("register symbol") { db in
            try db.execute(
                sql: "INSERT INTO symbol (name, digits) VALUES (?, ?) ON CONFLICT(name) DO NOTHING",
                arguments: [symbol.name, symbol.digits])
            return try Int64.fetchOne(db, sql: "SELECT id FROM symbol WHERE name = ?", arguments: [symbol.name])!
        }
    }
}

/// The tick table's row shape, shared by every writer and reader of ticks.
enum TickRows {
    static let insertSQL = """
        INSERT OR IGNORE INTO tick (tenant_id, symbol_id, time_ms, ordinal, bid, ask, last, volume, flags)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func insert(_ tick: Tick, ordinal: Int64, tenant: Int64, symbolID: Int64, with statement: Statement) throws {
        try statement.execute(arguments: [
            tenant, symbolID, tick.timeMs, ordinal, tick.bid, tick.ask, tick.last, tick.volume, Int64(tick.flags),
        ])
    }

    /// A tick from `SELECT time_ms, bid, ask, last, volume, flags`.
    static func tick(from row: Row) -> Tick {
        Tick(
            timeMs: row[0], bid: row[1], ask: row[2], last: row[3], volume: row[4],
            flags: UInt32(truncatingIfNeeded: row[5] as Int64))
    }
}

/// The bar table's row shape; a bar replaces a stored one with the same open time.
enum BarRows {
    static let insertSQL = """
        INSERT OR REPLACE INTO bar (tenant_id, symbol_id, timeframe, open_time_ms, open, high, low, close,
                                    tick_volume, spread, real_volume)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func insert(_ bar: Bar, tenant: Int64, symbolID: Int64, timeframe: Timeframe, with statement: Statement) throws {
        try statement.execute(arguments: [
            tenant, symbolID, timeframe.rawValue, bar.openTimeMs, bar.open, bar.high, bar.low, bar.close, bar.tickVolume,
            Int64(bar.spread), bar.realVolume,
        ])
    }
}

/// The quarantine table's row shape; a record already stored (same symbol, source and code) is kept once.
enum QuarantineRows {
    static let insertSQL = """
        INSERT OR IGNORE INTO quarantine (tenant_id, symbol, code, reason, source, raw, time_ms, recorded_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func insert(_ record: QuarantineRecord, tenant: Int64, recordedMs: Int64, with statement: Statement) throws {
        try statement.execute(arguments: [
            tenant, record.symbol, record.code.rawValue, record.reason, record.source, record.raw, record.timeMs,
            recordedMs,
        ])
    }
}
