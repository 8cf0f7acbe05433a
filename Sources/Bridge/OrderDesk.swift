import ErrorDNA
import Logging
import NIOCore
import Storage
import Synchronization
import TradehubModel

/// Sends orders to the terminal connected with their login and keeps their life in the store:
/// sent → filled / placed / rejected (with MT5's retcode) / timed out, or unroutable
/// when no terminal is connected. The same `order_id` twice executes once.
public final class OrderDesk: Sendable {
    private let store: any BridgeStore
    private let clock: any WallClock
    private let timeoutMs: Int64
    private let logger: Logger

    /// A login or an order id, within its tenant.
    private struct TenantKey: Hashable {
        var tenant: TenantID
        var name: String
    }
    private struct State {
        /// Terminals by login.
        var terminals: [TenantKey: BridgeConnection] = [:]
        /// Orders on the wire by order id.
        var waiting: [TenantKey: Waiter] = [:]
    }
    private let state = Mutex(State())

    /// An order on the wire, waiting for its `RESULT` until its timeout fires.
    private struct Waiter {
        let continuation: CheckedContinuation<OrderResult?, Never>
        let timeout: Scheduled<Void>
    }

    init(store: any BridgeStore, clock: any WallClock, timeoutMs: Int64, logger: Logger) {
        self.store = store
        self.clock = clock
        self.timeoutMs = timeoutMs
        self.logger = logger
    }

    func attach(tenant: TenantID, login: String, connection: BridgeConnection) {
        state.withLock { $0.terminals[TenantKey(tenant: tenant, name: login)] = connection }
    }

    func detach(_ connection: BridgeConnection) {
        state.withLock { state in
            for (key, value) in state.terminals where value === connection { state.terminals[key] = nil }
        }
    }

    /// Whether a terminal with `login` is connected.
    public func isConnected(tenant: TenantID, login: String) -> Bool {
        state.withLock { $0.terminals[TenantKey(tenant: tenant, name: login)] != nil }
    }

    /// Sends `request` and waits for its result (or the timeout); returns the stored order. An
    /// `order_id` seen before returns the stored order without sending anything.
    /// - Throws: `E_ORDER_FIELD` for a bad field, `E_ORDER_UNROUTABLE` (after storing the order
    ///   as unroutable) when no terminal of that login is connected.
    public func send(_ request: OrderRequest, tenant: TenantID) async throws -> OrderRecord {
        try Self.validate(request)
        let terminal = state.withLock { $0.terminals[TenantKey(tenant: tenant, name: request.login)] }
        // One write records the order as sent (or unroutable); a known order_id changes nothing.
        let (record, created) = try store.createOrder(
            request, tenant: tenant, state: terminal == nil ? .unroutable : .sent, nowMs: clock.nowMs())
        guard created else { return record }
        guard let terminal else {
            throw TradehubError(.orderUnroutable, ["login": request.login, "order_id": request.orderID])
        }
        let key = TenantKey(tenant: tenant, name: request.orderID)
        // Whoever removes the waiter resumes it: the RESULT (`receive`) or the timeout.
        let result: OrderResult? = await withCheckedContinuation { continuation in
            let timeout = terminal.channel.eventLoop.scheduleTask(in: .milliseconds(timeoutMs)) { [self] in
                let waiter = state.withLock { $0.waiting.removeValue(forKey: key) }
                waiter?.continuation.resume(returning: nil)
            }
            state.withLock { $0.waiting[key] = Waiter(continuation: continuation, timeout: timeout) }
            terminal.send(BridgeCodec.order(request))
        }
        let outcome = result.map { OrderState.after(retcode: $0.retcode) } ?? .timedOut
        return try store.updateOrder(
            tenant: tenant, orderID: request.orderID, state: outcome, result: result, nowMs: clock.nowMs()) ?? record
    }

    /// A terminal's `RESULT`: wakes the waiting `send`, or stores it directly when none waits.
    func receive(_ result: OrderResult, orderID: String, tenant: TenantID) {
        if let waiter = state.withLock({ $0.waiting.removeValue(forKey: TenantKey(tenant: tenant, name: orderID)) }) {
            waiter.timeout.cancel()
            waiter.continuation.resume(returning: result)
            return
        }
        do {
            try store.updateOrder(
                tenant: tenant, orderID: orderID, state: OrderState.after(retcode: result.retcode), result: result,
                nowMs: clock.nowMs())
        } catch {
            logger.error("storing a late order result failed", metadata: ["order_id": "\(orderID)", "error": "\(error)"])
        }
    }

    /// One order of a tenant.
    public func order(tenant: TenantID, orderID: String) throws -> OrderRecord? {
        try store.order(tenant: tenant, orderID: orderID)
    }

    /// Orders of a tenant, newest first.
    public func list(tenant: TenantID, limit: Int) throws -> [OrderRecord] { try store.orders(tenant: tenant, limit: limit) }

    static func validate(_ request: OrderRequest) throws {
        func bad(_ field: String, _ value: String, _ problem: String) -> TradehubError {
            TradehubError(.orderField, ["field": field, "value": value, "problem": problem])
        }
        let id = request.orderID
        guard !id.isEmpty, id.utf8.count <= 64, !id.contains(where: { $0 == "|" || $0.isWhitespace }) else {
            throw bad("order_id", id, "1–64 characters, no spaces or '|'")
        }
        guard !request.login.isEmpty, request.login.allSatisfy(\.isNumber) else {
            throw bad("login", request.login, "the MT5 account number")
        }
        for (name, value) in [("price", request.price), ("sl", request.stopLoss), ("tp", request.takeProfit)] {
            guard value.isFinite, value >= 0 else { throw bad(name, "\(value)", "a price ≥ 0 (0 = unset)") }
        }
        guard request.volume.isFinite, request.volume >= 0, request.volume <= 1_000_000 else {
            throw bad("volume", "\(request.volume)", "lots, 0 < volume ≤ 1000000")
        }
        switch request.action {
        case .open:
            guard !request.symbol.isEmpty, !request.symbol.contains("|") else { throw bad("symbol", request.symbol, "a symbol name") }
            guard request.volume > 0 else { throw bad("volume", "\(request.volume)", "lots, greater than 0") }
            if request.type != .market, request.price <= 0 {
                throw bad("price", "\(request.price)", "a \(request.type.rawValue) order needs a price > 0")
            }
        case .close, .modify:
            guard request.positionTicket > 0 else {
                throw bad("position_ticket", "\(request.positionTicket)", "the ticket of an open position")
            }
        }
        guard request.deviation >= 0 else { throw bad("deviation", "\(request.deviation)", "points ≥ 0") }
    }
}
