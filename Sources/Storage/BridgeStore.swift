import ErrorDNA
import GRDB
import MarketData
import Synchronization
import TradehubModel

/// A terminal's account state, from the bridge's `ACCOUNT` message.
public struct AccountSnapshot: Sendable, Equatable, Codable {
    public var login: String
    public var currency: String
    public var balance: Double
    public var equity: Double
    public var margin: Double
    public var freeMargin: Double
    public var leverage: Int64

    public init(
        login: String, currency: String, balance: Double, equity: Double, margin: Double, freeMargin: Double,
        leverage: Int64
    ) {
        self.login = login
        self.currency = currency
        self.balance = balance
        self.equity = equity
        self.margin = margin
        self.freeMargin = freeMargin
        self.leverage = leverage
    }

    enum CodingKeys: String, CodingKey {
        case login, currency, balance, equity, margin, freeMargin = "free_margin", leverage
    }
}

/// Everything one group commit of the bridge stores, in one transaction: the accepted ticks,
/// backfilled bars, account states and quarantined messages of every connection in the batch,
/// and each stream's new durable sequence number.
public struct BridgeBatch: Sendable {
    /// An accepted tick of a tenant's symbol, in arrival order.
    public struct TickRow: Sendable {
        public var tenant: TenantID
        public var symbol: Symbol
        public var tick: Tick
        public init(tenant: TenantID, symbol: Symbol, tick: Tick) {
            self.tenant = tenant
            self.symbol = symbol
            self.tick = tick
        }
    }

    /// A backfilled bar.
    public struct BarRow: Sendable {
        public var tenant: TenantID
        public var symbol: Symbol
        public var timeframe: Timeframe
        public var bar: Bar
        public init(tenant: TenantID, symbol: Symbol, timeframe: Timeframe, bar: Bar) {
            self.tenant = tenant
            self.symbol = symbol
            self.timeframe = timeframe
            self.bar = bar
        }
    }

    /// The highest sequence number of a stream whose message (and every earlier one) is decided.
    public struct StreamProgress: Sendable, Equatable {
        public var tenant: TenantID
        public var stream: String
        public var login: String
        public var lastSeq: Int64
        public init(tenant: TenantID, stream: String, login: String, lastSeq: Int64) {
            self.tenant = tenant
            self.stream = stream
            self.login = login
            self.lastSeq = lastSeq
        }
    }

    public var ticks: [TickRow] = []
    public var bars: [BarRow] = []
    public var accounts: [(tenant: TenantID, account: AccountSnapshot)] = []
    public var quarantine: [(tenant: TenantID, record: QuarantineRecord)] = []
    public var streams: [StreamProgress] = []

    public init() {}

    public var isEmpty: Bool {
        ticks.isEmpty && bars.isEmpty && accounts.isEmpty && quarantine.isEmpty && streams.isEmpty
    }

    public mutating func removeAll() {
        ticks.removeAll(keepingCapacity: true)
        bars.removeAll(keepingCapacity: true)
        accounts.removeAll(keepingCapacity: true)
        quarantine.removeAll(keepingCapacity: true)
        streams.removeAll(keepingCapacity: true)
    }
}

/// What the MT5 bridge stores: group commits of streamed data with each stream's durable
/// sequence number, terminals' accounts, and orders with their life. Every query takes the tenant.
public protocol BridgeStore: Sendable {
    /// Stores the batch in one transaction: when this returns, all of it is durable, or none.
    func commit(_ batch: BridgeBatch, nowMs: Int64) throws
    /// The highest sequence number of `stream` stored durably (0 for a new stream).
    func lastSeq(tenant: TenantID, stream: String) throws -> Int64
    /// The newest stored tick of a symbol, which later ticks must not precede.
    func lastTick(tenant: TenantID, symbol: String) throws -> Tick?
    /// The newest account state of a login.
    func account(tenant: TenantID, login: String) throws -> AccountSnapshot?

    /// Stores a new order in `state` (`sent` when it goes out at once, `unroutable` when it cannot);
    /// when `(tenant, order_id)` exists, returns the stored order and `false` instead, changing nothing.
    func createOrder(
        _ request: OrderRequest, tenant: TenantID, state: OrderState, nowMs: Int64) throws -> (OrderRecord, created: Bool)
    /// Moves an order to `state`, with the terminal's result when there is one; returns the order as
    /// stored now (nil when there is no such order).
    @discardableResult
    func updateOrder(
        tenant: TenantID, orderID: String, state: OrderState, result: OrderResult?, nowMs: Int64) throws -> OrderRecord?
    /// One order.
    func order(tenant: TenantID, orderID: String) throws -> OrderRecord?
    /// Orders, newest first.
    func orders(tenant: TenantID, limit: Int) throws -> [OrderRecord]
}

/// The SQLite implementation of `BridgeStore`.
///
/// Ticks of the same millisecond are numbered in arrival order (the tick table's `ordinal`); the
/// numbering continues from what is stored, so a restart never overwrites a stored tick.
public final class SQLiteBridgeStore: BridgeStore {
    private let database: SQLiteDatabase
    private struct SymbolKey: Hashable {
        var tenant: Int64
        var symbol: String
    }
    private struct Ordinals {
        var symbolIDs: [String: Int64] = [:]
        /// Last stored (time, ordinal) per tenant and symbol.
        var last: [SymbolKey: (timeMs: Int64, ordinal: Int64)] = [:]
    }
    private let state = Mutex(Ordinals())

    public init(database: SQLiteDatabase) { self.database = database }

    public func commit(_ batch: BridgeBatch, nowMs: Int64) throws {
        guard !batch.isEmpty else { return }
        do {
            try state.withLock { state in
                var next = state
                try database.writer.write { db in
                    try insertTicks(batch.ticks, db: db, state: &next)
                    try insertBars(batch.bars, db: db, state: &next)
                    try storeAccounts(batch.accounts, db: db, nowMs: nowMs)
                    try insertQuarantine(batch.quarantine, db: db, nowMs: nowMs)
                    let statement = try db.cachedStatement(sql: """
                        INSERT INTO bridge_stream (tenant_id, stream_id, login, last_seq, updated_ms) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (tenant_id, stream_id) DO UPDATE
                        SET last_seq = max(last_seq, excluded.last_seq), login = excluded.login, updated_ms = excluded.updated_ms
                        """)
                    for progress in batch.streams {
                        try statement.execute(arguments: [
                            progress.tenant.rawValue, progress.stream, progress.login, progress.lastSeq, nowMs,
                        ])
                    }
                }
                // Only a committed transaction advances the numbering.
                state = next
            }
        } catch let error as TradehubError {
            throw error
        } catch {
            throw TradehubError(.storageQuery, ["operation": "bridge commit", "reason": SQLiteDatabase.describe(error)])
        }
    }

    private func insertTicks(_ rows: [BridgeBatch.TickRow], db: Database, state: inout Ordinals) throws {
        guard !rows.isEmpty else { return }
        let statement = try db.cachedStatement(sql: TickRows.insertSQL)
        for row in rows {
            let symbolID = try symbolID(row.symbol, db: db, state: &state)
            let key = SymbolKey(tenant: row.tenant.rawValue, symbol: row.symbol.name)
            let ordinal: Int64
            switch state.last[key] {
            case let last? where last.timeMs == row.tick.timeMs:
                ordinal = last.ordinal + 1
            case let last? where last.timeMs < row.tick.timeMs:
                ordinal = 0
            default:
                // First tick of this symbol since start (or an earlier one): continue what is stored.
                ordinal = try Int64.fetchOne(
                    db, sql: "SELECT max(ordinal) + 1 FROM tick WHERE tenant_id = ? AND symbol_id = ? AND time_ms = ?",
                    arguments: [row.tenant.rawValue, symbolID, row.tick.timeMs]) ?? 0
            }
            state.last[key] = (row.tick.timeMs, ordinal)
            try TickRows.insert(row.tick, ordinal: ordinal, tenant: row.tenant.rawValue, symbolID: symbolID, with: statement)
        }
    }

    private func insertBars(_ rows: [BridgeBatch.BarRow], db: Database, state: inout Ordinals) throws {
        guard !rows.isEmpty else { return }
        let statement = try db.cachedStatement(sql: BarRows.insertSQL)
        for row in rows {
            try BarRows.insert(
                row.bar, tenant: row.tenant.rawValue, symbolID: try symbolID(row.symbol, db: db, state: &state),
                timeframe: row.timeframe, with: statement)
        }
    }

    private func storeAccounts(_ rows: [(tenant: TenantID, account: AccountSnapshot)], db: Database, nowMs: Int64) throws {
        guard !rows.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO bridge_account
                (tenant_id, login, currency, balance, equity, margin, free_margin, leverage, updated_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (tenant, account) in rows {
            try statement.execute(arguments: [
                tenant.rawValue, account.login, account.currency, account.balance, account.equity, account.margin,
                account.freeMargin, account.leverage, nowMs,
            ])
        }
    }

    private func insertQuarantine(_ rows: [(tenant: TenantID, record: QuarantineRecord)], db: Database, nowMs: Int64) throws {
        guard !rows.isEmpty else { return }
        let statement = try db.cachedStatement(sql: QuarantineRows.insertSQL)
        for (tenant, record) in rows {
            try QuarantineRows.insert(record, tenant: tenant.rawValue, recordedMs: nowMs, with: statement)
        }
    }

    private func symbolID(_ symbol: Symbol, db: Database, state: inout Ordinals) throws -> Int64 {
        if let known = state.symbolIDs[symbol.name] { return known }
        try db.execute(
            sql: "INSERT INTO symbol (name, digits) VALUES (?, ?) ON CONFLICT(name) DO NOTHING",
            arguments: [symbol.name, symbol.digits])
        let id = try Int64.fetchOne(db, sql: "SELECT id FROM symbol WHERE name = ?", arguments: [symbol.name])!
        state.symbolIDs[symbol.name] = id
        return id
    }

    public func lastSeq(tenant: TenantID, stream: String) throws -> Int64 {
        try database.read("read stream") { db in
            try Int64.fetchOne(
                db, sql: "SELECT last_seq FROM bridge_stream WHERE tenant_id = ? AND stream_id = ?",
                arguments: [tenant.rawValue, stream]) ?? 0
        }
    }

    public func lastTick(tenant: TenantID, symbol: String) throws -> Tick? {
        try database.read("read last tick") { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT time_ms, bid, ask, last, volume, flags FROM tick
                    WHERE tenant_id = ? AND symbol_id = (SELECT id FROM symbol WHERE name = ?)
                    ORDER BY time_ms DESC, ordinal DESC LIMIT 1
                    """,
                arguments: [tenant.rawValue, symbol]
            ).map(TickRows.tick(from:))
        }
    }

    public func account(tenant: TenantID, login: String) throws -> AccountSnapshot? {
        try database.read("read account") { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT login, currency, balance, equity, margin, free_margin, leverage FROM bridge_account
                    WHERE tenant_id = ? AND login = ?
                    """,
                arguments: [tenant.rawValue, login]
            ).map {
                AccountSnapshot(
                    login: $0[0], currency: $0[1], balance: $0[2], equity: $0[3], margin: $0[4], freeMargin: $0[5],
                    leverage: $0[6])
            }
        }
    }

    // MARK: orders

    public func createOrder(
        _ request: OrderRequest, tenant: TenantID, state: OrderState, nowMs: Int64
    ) throws -> (OrderRecord, created: Bool) {
        return try database.write("create order") { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO bridge_order (tenant_id, order_id, login, action, symbol, side, type, volume, price,
                                          sl, tp, deviation, magic, comment, position_ticket, state, created_ms,
                                          sent_ms, finished_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, order_id) DO NOTHING
                """)
            try insert.execute(arguments: [
                tenant.rawValue, request.orderID, request.login, request.action.rawValue, request.symbol,
                request.side.rawValue, request.type.rawValue, request.volume, request.price, request.stopLoss,
                request.takeProfit, request.deviation, request.magic, request.comment, request.positionTicket,
                state.rawValue, nowMs, state == .sent ? nowMs : nil, state.isFinal ? nowMs : nil,
            ])
            guard db.changesCount == 1 else {
                guard let existing = try Self.fetchOrder(db, tenant: tenant, orderID: request.orderID) else {
                    throw TradehubError(.storageQuery, ["operation": "create order", "reason": "conflict without a row"])
                }
                return (existing, false)
            }
            return (
                OrderRecord(
                    request: request, tenant: tenant, state: state, createdMs: nowMs, sentMs: state == .sent ? nowMs : nil,
                    finishedMs: state.isFinal ? nowMs : nil),
                true
            )
        }
    }

    @discardableResult
    public func updateOrder(
        tenant: TenantID, orderID: String, state: OrderState, result: OrderResult?, nowMs: Int64
    ) throws -> OrderRecord? {
        return try database.write("update order") { db in
            let update = try db.cachedStatement(sql: """
                UPDATE bridge_order SET state = ?,
                    sent_ms = CASE WHEN ? = 'sent' THEN ? ELSE sent_ms END,
                    finished_ms = CASE WHEN ? THEN ? ELSE finished_ms END,
                    retcode = coalesce(?, retcode), deal_ticket = coalesce(?, deal_ticket),
                    result_position_ticket = coalesce(?, result_position_ticket),
                    result_price = coalesce(?, result_price), result_volume = coalesce(?, result_volume),
                    result_time_ms = coalesce(?, result_time_ms), result_comment = coalesce(?, result_comment)
                WHERE tenant_id = ? AND order_id = ?
                RETURNING *
                """)
            return try Row.fetchOne(update, arguments: [
                state.rawValue, state.rawValue, nowMs, state.isFinal, nowMs, result?.retcode, result?.dealTicket,
                result?.positionTicket, result?.price, result?.volume, result?.timeMs, result?.comment,
                tenant.rawValue, orderID,
            ]).map(Self.order(from:))
        }
    }

    public func order(tenant: TenantID, orderID: String) throws -> OrderRecord? {
        try database.read("read order") { db in try Self.fetchOrder(db, tenant: tenant, orderID: orderID) }
    }

    public func orders(tenant: TenantID, limit: Int) throws -> [OrderRecord] {
        try database.read("list orders") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM bridge_order WHERE tenant_id = ? ORDER BY id DESC LIMIT ?",
                arguments: [tenant.rawValue, limit]
            ).map(Self.order(from:))
        }
    }

    private static func fetchOrder(_ db: Database, tenant: TenantID, orderID: String) throws -> OrderRecord? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM bridge_order WHERE tenant_id = ? AND order_id = ?"),
            arguments: [tenant.rawValue, orderID]
        ).map(order(from:))
    }

    private static func order(from row: Row) -> OrderRecord {
        let request = OrderRequest(
            orderID: row["order_id"], login: row["login"], action: OrderAction(rawValue: row["action"]) ?? .open,
            symbol: row["symbol"], side: Side(rawValue: row["side"]) ?? .buy,
            type: OrderType(rawValue: row["type"]) ?? .market, volume: row["volume"], price: row["price"],
            stopLoss: row["sl"], takeProfit: row["tp"], deviation: row["deviation"], magic: row["magic"],
            comment: row["comment"], positionTicket: row["position_ticket"])
        var result: OrderResult?
        if let retcode: Int = row["retcode"] {
            result = OrderResult(
                retcode: retcode, dealTicket: row["deal_ticket"] ?? 0, positionTicket: row["result_position_ticket"] ?? 0,
                price: row["result_price"] ?? 0, volume: row["result_volume"] ?? 0, timeMs: row["result_time_ms"] ?? 0,
                comment: row["result_comment"] ?? "")
        }
        return OrderRecord(
            request: request, tenant: TenantID(rawValue: row["tenant_id"]),
            state: OrderState(rawValue: row["state"]) ?? .sent, result: result, createdMs: row["created_ms"],
            sentMs: row["sent_ms"], finishedMs: row["finished_ms"])
    }

}
