import ErrorDNA
import Strategy
import TradehubModel

/// A venue that fills market orders on one netted position, without costs: what `tradehub
/// decide` replays a file through, so that a strategy sees its position and equity move as they
/// would live. Replaying bars, an order fills at the next bar's open; replaying ticks
/// (`TickDecisionLoop`), at the quote of the tick that closed the bar it was decided on: a buy
/// at the ask, a sell at the bid. Positions are valued at the last bid (or bar price).
public final class PaperVenue: ExecutionVenue {
    public private(set) var cash: Double
    private var units = 0
    private var averagePrice = 0.0
    private var lastPrice = Double.nan
    private var pending: [StrategyOrder] = []

    public init(cash: Double) { self.cash = cash }

    public var equity: Double { cash + (units == 0 ? 0 : Double(units) * lastPrice) }
    public var position: PositionSummary {
        PositionSummary(size: units, pnl: units == 0 ? 0 : Double(units) * (lastPrice - averagePrice))
    }
    public var openTrades: [TradeRecord] { [] }
    public var closedTrades: [TradeRecord] { [] }

    /// Only market orders: a limit or stop order is refused with `E_ORDER_INVALID`.
    public func submit(_ order: StrategyOrder) throws {
        guard order.limit == nil, order.stop == nil else {
            throw TradehubError(.orderInvalid, ["problem": "the paper venue fills market orders only"])
        }
        pending.append(order)
    }

    public func closePosition(portion: Double) {
        let closing = Int((Double(abs(units)) * min(max(portion, 0), 1)).rounded(.down))
        guard closing > 0 else { return }
        pending.append(StrategyOrder(side: units > 0 ? .sell : .buy, size: .units(closing)))
    }

    /// A new bar opens: fills what is pending at its open.
    func open(at price: Double) { quote(bid: price, ask: price) }

    /// A new quote: fills what is pending, buys at `ask` and sells at `bid`, and values
    /// positions at `bid`.
    func quote(bid: Double, ask: Double) {
        lastPrice = bid
        for order in pending { fill(order, at: order.side == .buy ? ask : bid) }
        pending.removeAll()
    }

    /// The bar closes: positions are valued at its close.
    func close(at price: Double) { lastPrice = price }

    private func fill(_ order: StrategyOrder, at price: Double) {
        let sign = order.side == .buy ? 1 : -1
        let quantity: Int
        switch order.size {
        case .units(let n): quantity = n
        case .fraction(let f): quantity = Int((f * max(equity, 0) / price).rounded(.down))
        }
        guard quantity > 0 else { return }
        let delta = sign * quantity
        let after = units + delta
        if units == 0 || (units > 0) == (delta > 0) {
            averagePrice = (averagePrice * Double(abs(units)) + price * Double(quantity)) / Double(abs(after))
        } else if after != 0, (after > 0) != (units > 0) {
            averagePrice = price
        }
        cash -= Double(delta) * price
        units = after
        if units == 0 { averagePrice = 0 }
    }
}
