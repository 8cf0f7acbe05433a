/// What an order asks the terminal to do: open (`ORDER`), close a position (`CLOSE`) or change
/// its stops (`MODIFY`), as the MT5 bridge protocol names them.
public enum OrderAction: String, Sendable, Codable, CaseIterable {
    case open, close, modify
}

/// How an opening order executes.
public enum OrderType: String, Sendable, Codable, CaseIterable {
    case market, limit, stop
}

/// Where an order is in its life once created (stored in the same write that sends it).
/// Every state but `sent` is final.
public enum OrderState: String, Sendable, Codable, CaseIterable {
    /// Written to the terminal's connection; waiting for its `RESULT`.
    case sent
    /// Executed (retcode 10009 done, or 10010 partially done).
    case filled
    /// A pending order was placed (retcode 10008).
    case placed
    /// The trade server refused it; `retcode` tells why.
    case rejected
    /// No `RESULT` came within the order timeout.
    case timedOut = "timed_out"
    /// No terminal with that login was connected.
    case unroutable

    /// Whether the order's life is over.
    public var isFinal: Bool { self != .sent }

    /// The state an MT5 trade server return code puts an order in.
    public static func after(retcode: Int) -> OrderState {
        switch retcode {
        case 10008: .placed
        case 10009, 10010: .filled
        default: .rejected
        }
    }
}

/// An order as the platform sends it to an MT5 terminal (the fields of the protocol's
/// `ORDER`, `CLOSE` and `MODIFY` lines).
public struct OrderRequest: Sendable, Equatable, Codable {
    /// The platform's id; sending the same id twice executes once.
    public var orderID: String
    /// The MT5 account whose terminal executes it.
    public var login: String
    public var action: OrderAction
    public var symbol: String
    public var side: Side
    public var type: OrderType
    /// Lots.
    public var volume: Double
    /// 0 for market orders.
    public var price: Double
    /// 0 when unset.
    public var stopLoss: Double
    /// 0 when unset.
    public var takeProfit: Double
    /// Allowed slippage in points.
    public var deviation: Int
    public var magic: Int64
    public var comment: String
    /// The position a `close` or `modify` acts on.
    public var positionTicket: Int64

    public init(
        orderID: String, login: String, action: OrderAction = .open, symbol: String = "", side: Side = .buy,
        type: OrderType = .market, volume: Double = 0, price: Double = 0, stopLoss: Double = 0, takeProfit: Double = 0,
        deviation: Int = 10, magic: Int64 = 0, comment: String = "", positionTicket: Int64 = 0
    ) {
        self.orderID = orderID
        self.login = login
        self.action = action
        self.symbol = symbol
        self.side = side
        self.type = type
        self.volume = volume
        self.price = price
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
        self.deviation = deviation
        self.magic = magic
        self.comment = comment
        self.positionTicket = positionTicket
    }

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id", login, action, symbol, side, type, volume, price, stopLoss = "sl", takeProfit = "tp"
        case deviation, magic, comment, positionTicket = "position_ticket"
    }

    /// Decodes an order where only `order_id` and `login` are required; the rest take the defaults above.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            orderID: try c.decode(String.self, forKey: .orderID), login: try c.decode(String.self, forKey: .login),
            action: try c.decodeIfPresent(OrderAction.self, forKey: .action) ?? .open,
            symbol: try c.decodeIfPresent(String.self, forKey: .symbol) ?? "",
            side: try c.decodeIfPresent(Side.self, forKey: .side) ?? .buy,
            type: try c.decodeIfPresent(OrderType.self, forKey: .type) ?? .market,
            volume: try c.decodeIfPresent(Double.self, forKey: .volume) ?? 0,
            price: try c.decodeIfPresent(Double.self, forKey: .price) ?? 0,
            stopLoss: try c.decodeIfPresent(Double.self, forKey: .stopLoss) ?? 0,
            takeProfit: try c.decodeIfPresent(Double.self, forKey: .takeProfit) ?? 0,
            deviation: try c.decodeIfPresent(Int.self, forKey: .deviation) ?? 10,
            magic: try c.decodeIfPresent(Int64.self, forKey: .magic) ?? 0,
            comment: try c.decodeIfPresent(String.self, forKey: .comment) ?? "",
            positionTicket: try c.decodeIfPresent(Int64.self, forKey: .positionTicket) ?? 0)
    }
}

/// The terminal's answer to an order (the protocol's `RESULT` line).
public struct OrderResult: Sendable, Equatable, Codable {
    /// MT5's trade server return code (10009 done, 10008 placed, 10006 rejected, …).
    public var retcode: Int
    public var dealTicket: Int64
    public var positionTicket: Int64
    public var price: Double
    public var volume: Double
    /// Server time of the execution as the terminal reported it, milliseconds.
    public var timeMs: Int64
    public var comment: String

    public init(
        retcode: Int, dealTicket: Int64, positionTicket: Int64, price: Double, volume: Double, timeMs: Int64,
        comment: String
    ) {
        self.retcode = retcode
        self.dealTicket = dealTicket
        self.positionTicket = positionTicket
        self.price = price
        self.volume = volume
        self.timeMs = timeMs
        self.comment = comment
    }

    enum CodingKeys: String, CodingKey {
        case retcode, dealTicket = "deal_ticket", positionTicket = "position_ticket", price, volume
        case timeMs = "time_ms", comment
    }
}

/// An order and its life so far, as stored.
public struct OrderRecord: Sendable, Equatable, Codable {
    public var request: OrderRequest
    public var tenant: TenantID
    public var state: OrderState
    public var result: OrderResult?
    public var createdMs: Int64
    public var sentMs: Int64?
    /// When it reached a final state.
    public var finishedMs: Int64?

    public init(
        request: OrderRequest, tenant: TenantID, state: OrderState, result: OrderResult? = nil, createdMs: Int64,
        sentMs: Int64? = nil, finishedMs: Int64? = nil
    ) {
        self.request = request
        self.tenant = tenant
        self.state = state
        self.result = result
        self.createdMs = createdMs
        self.sentMs = sentMs
        self.finishedMs = finishedMs
    }

    enum CodingKeys: String, CodingKey {
        case request, tenant, state, result, createdMs = "created_ms", sentMs = "sent_ms", finishedMs = "finished_ms"
    }
}
