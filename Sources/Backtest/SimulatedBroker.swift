import ErrorDNA
import Strategy
import TradehubModel

/// backtesting.py's `_Broker` as an `ExecutionVenue`: queued orders fill bar by bar by its
/// rules (market orders at the next open or this close, stop and limit orders inside the bar,
/// stop-loss before take-profit), with spread, commission, margin, netting or hedging.
final class SimulatedBroker: ExecutionVenue {
    /// A queued order; `size` is a fraction in (-1, 1) of the available margin or whole units.
    struct PendingOrder {
        var id: Int
        var size: Double
        var limit: Double?
        var stop: Double?
        var sl: Double?
        var tp: Double?
        /// The trade an SL/TP or close order belongs to.
        var parent: Int?
        var isLong: Bool { size > 0 }
    }

    /// An open or closed trade.
    struct Trade {
        var id: Int
        var size: Int
        var entryPrice: Double
        var entryBar: Int
        var exitPrice = Double.nan
        var exitBar = -1
        var slOrder: Int?
        var tpOrder: Int?
        var sl: Double?
        var tp: Double?
        var commissions = 0.0
        var isLong: Bool { size > 0 }
    }

    /// Raised when equity reaches 0: the run stops there.
    struct OutOfMoney: Error {}

    let bars: BarSeries
    let options: BacktestOptions
    private let costs: CostModel
    private let leverage: Double
    // The broker's state is read and written on every bar. One thread drives a backtest and
    // no two accesses overlap, so the runtime's exclusivity check would only cost (about a
    // third of the bar loop).
    @exclusivity(unchecked) private(set) var cash: Double
    @exclusivity(unchecked) private(set) var orders: [PendingOrder] = []
    @exclusivity(unchecked) private(set) var trades: [Trade] = []
    @exclusivity(unchecked) private(set) var closed: [Trade] = []
    @exclusivity(unchecked) private var equityCurve: [Double]
    /// The bar being processed.
    @exclusivity(unchecked) private(set) var i = 0
    @exclusivity(unchecked) private var nextID = 0

    init(bars: BarSeries, options: BacktestOptions) {
        self.bars = bars
        self.options = options
        costs = CostModel(options)
        leverage = 1 / options.margin
        cash = options.cash
        equityCurve = [Double](repeating: .nan, count: bars.count)
    }

    /// The equity of every bar, handed over so the caller can change it without a copy; the
    /// broker's curve is empty afterwards.
    func takeEquityCurve() -> [Double] {
        defer { equityCurve = [] }
        return equityCurve
    }

    // MARK: account

    private var lastPrice: Double { bars.close[i] }

    private var positionSize: Int {
        var size = 0
        for trade in trades { size += trade.size }
        return size
    }

    private var unrealizedPL: Double {
        var entryValue = 0.0
        for trade in trades { entryValue += Double(trade.size) * trade.entryPrice }
        return costs.toAccount(lastPrice * Double(positionSize) - entryValue, atPrice: lastPrice)
    }

    var equity: Double { cash + unrealizedPL }

    private var marginAvailable: Double {
        var used = 0.0
        for trade in trades { used += Double(abs(trade.size)) * lastPrice / leverage }
        return max(0, equity - costs.toAccount(used, atPrice: lastPrice))
    }

    @inline(__always)
    private func commission(_ size: Double, _ price: Double) -> Double { costs.commission(size, price) }

    @inline(__always)
    private func adjusted(_ price: Double, _ size: Double) -> Double { costs.adjusted(price, size) }

    // MARK: ExecutionVenue

    var position: PositionSummary { PositionSummary(size: positionSize, pnl: unrealizedPL) }
    var openTrades: [TradeRecord] { trades.map { record($0, exitPrice: nil) } }
    var closedTrades: [TradeRecord] { closed.map { record($0, exitPrice: $0.exitPrice) } }

    func submit(_ request: StrategyOrder) throws {
        let sign = request.side == .buy ? 1.0 : -1.0
        let size: Double
        switch request.size {
        case .fraction(let f) where f > 0 && f < 1: size = sign * f
        case .units(let n) where n >= 1: size = sign * Double(n)
        default:
            throw TradehubError(.orderInvalid, ["problem": "size \(request.size) is neither a fraction in (0, 1) nor whole units ≥ 1"])
        }
        if case .riskPercent(let percent) = options.forex?.sizing, size.magnitude < 1, (request.sl ?? 0) == 0 {
            throw TradehubError(.forexNeedsStopLoss, [
                "value": "\(percent)", "problem": "a \(request.side == .buy ? "long" : "short") order on bar \(i) has no stop-loss",
            ])
        }
        try newOrder(size: size, limit: request.limit, stop: request.stop, sl: request.sl, tp: request.tp, parent: nil)
    }

    func closePosition(portion: Double) {
        for trade in trades { close(trade, portion: portion) }
    }

    /// backtesting.py's `finalize_trades`: a close order for every open trade, before `next` runs
    /// once more on the last bar.
    func finalize() {
        for trade in trades.reversed() { close(trade, portion: 1) }
    }

    // MARK: orders

    /// backtesting.py's `new_order`: a zero price counts as none, as its truthiness does.
    private func newOrder(size: Double, limit: Double?, stop: Double?, sl: Double?, tp: Double?, parent: Int?) throws {
        func given(_ x: Double?) -> Double? { x == 0 ? nil : x }
        let (limit, stop, sl, tp) = (given(limit), given(stop), given(sl), given(tp))
        let price = limit ?? stop ?? adjusted(lastPrice, size)
        if size > 0 {
            guard (sl ?? -.infinity) < price, price < (tp ?? .infinity) else {
                throw TradehubError(.orderInvalid, ["problem": "a long order needs SL (\(sl.map { "\($0)" } ?? "none")) < price (\(price)) < TP (\(tp.map { "\($0)" } ?? "none"))"])
            }
        } else {
            guard (tp ?? -.infinity) < price, price < (sl ?? .infinity) else {
                throw TradehubError(.orderInvalid, ["problem": "a short order needs TP (\(tp.map { "\($0)" } ?? "none")) < price (\(price)) < SL (\(sl.map { "\($0)" } ?? "none"))"])
            }
        }
        nextID += 1
        let order = PendingOrder(id: nextID, size: size, limit: limit, stop: stop, sl: sl, tp: tp, parent: parent)
        if parent == nil && options.exclusiveOrders {
            // backtesting.py cancels while iterating the list it removes from, so an order right
            // after a cancelled one survives.
            var k = 0
            while k < orders.count {
                if !isContingent(orders[k]) { orders.remove(at: k) }
                k += 1
            }
            for trade in trades { close(trade, portion: 1) }
        }
        if parent != nil && stop != nil { orders.insert(order, at: 0) } else { orders.append(order) }
    }

    /// backtesting.py's `Trade.close`: a market order for `portion` of the trade, queued first.
    private func close(_ trade: Trade, portion: Double) {
        let units = max(1, Int((Double(abs(trade.size)) * portion).rounded(.toNearestOrEven)))
        nextID += 1
        orders.insert(PendingOrder(id: nextID, size: Double(trade.isLong ? -units : units), parent: trade.id), at: 0)
    }

    private func isContingent(_ order: PendingOrder) -> Bool {
        guard let parent = order.parent, let trade = trades.first(where: { $0.id == parent }) else { return false }
        return trade.slOrder == order.id || trade.tpOrder == order.id
    }

    private func removeOrder(_ id: Int) {
        if let k = orders.firstIndex(where: { $0.id == id }) { orders.remove(at: k) }
    }

    // MARK: the bar loop

    /// Processes the orders against bar `index` and records equity; throws `OutOfMoney` when
    /// equity reaches 0 (every trade closed at the close, equity 0 from here on).
    func next(bar index: Int) throws {
        i = index
        if !orders.isEmpty { processOrders() }
        let equity = self.equity
        equityCurve[i] = equity
        if equity <= 0 {
            // backtesting.py closes while iterating the list it removes from, so every second trade stays.
            var k = 0
            while k < trades.count {
                closeTrade(at: k, price: lastPrice, bar: i)
                k += 1
            }
            cash = 0
            for j in i..<equityCurve.count { equityCurve[j] = 0 }
            throw OutOfMoney()
        }
    }

    private func processOrders() {
        let open = bars.open[i], high = bars.high[i], low = bars.low[i]
        var reprocess = false
        for id in orders.map(\.id) {
            guard let k = orders.firstIndex(where: { $0.id == id }) else { continue }
            let order = orders[k]
            let stopPrice = order.stop
            if let stop = stopPrice {
                guard order.isLong ? high >= stop : low <= stop else { continue }
                orders[k].stop = nil  // a touched stop order becomes a market or limit order
            }
            let contingent = isContingent(order)
            var price: Double
            if let limit = order.limit {
                let hit = order.isLong ? low <= limit : high >= limit
                let hitBeforeStop = hit && (order.isLong ? limit <= (stopPrice ?? -.infinity) : limit >= (stopPrice ?? .infinity))
                if !hit || hitBeforeStop { continue }
                price = order.isLong ? min(stopPrice ?? open, limit) : max(stopPrice ?? open, limit)
            } else {
                price = options.tradeOnClose && !contingent ? bars.close[i - 1] : open
                if let stop = stopPrice { price = order.isLong ? max(price, stop) : min(price, stop) }
            }
            let isMarket = order.limit == nil && stopPrice == nil
            let bar = isMarket && options.tradeOnClose && !contingent ? i - 1 : i

            if let parent = order.parent {
                if let t = trades.firstIndex(where: { $0.id == parent }) {
                    let size = min(Double(abs(trades[t].size)), abs(order.size))
                    reduceTrade(at: t, price: price, size: Int(order.size > 0 ? size : -size), bar: bar)
                }
                removeOrder(id)
                continue
            }

            let fillPrice = adjusted(price, order.size)
            let pricePlusCommission = fillPrice + commission(order.size, price) / abs(order.size)
            var size = order.size
            if size > -1 && size < 1, let forex = options.forex {
                let lots = forex.sizing.lots(contract: forex.contract, equity: equity, entry: fillPrice, stopLoss: order.sl,
                                             commissionPerLot: forex.commissionPerLot)
                let units = Double(forex.contract.units(lots: lots))
                size = size > 0 ? units : -units
                if size == 0 {
                    removeOrder(id)
                    continue
                }
            } else if size > -1 && size < 1 {
                let units = pythonFloorDivide(marginAvailable * leverage * abs(size), pricePlusCommission)
                size = units >= 1 ? (size > 0 ? units : -units) : 0
                if size == 0 {
                    removeOrder(id)
                    continue
                }
            }
            var need = Int(size)
            if !options.hedging {
                for tradeID in trades.map(\.id) {
                    guard let t = trades.firstIndex(where: { $0.id == tradeID }) else { continue }
                    if trades[t].isLong == order.isLong { continue }
                    if abs(need) >= abs(trades[t].size) {
                        need += trades[t].size
                        closeTrade(at: t, price: price, bar: bar)
                    } else {
                        reduceTrade(at: t, price: price, size: need, bar: bar)
                        need = 0
                    }
                    if need == 0 { break }
                }
            }
            if exceedsMargin(units: need, fillPrice: fillPrice, marketPrice: price, pricePlusCommission: pricePlusCommission) {
                removeOrder(id)
                continue
            }
            if need != 0 {
                openTrade(price: fillPrice, size: need, sl: order.sl, tp: order.tp, bar: bar)
                if order.sl != nil || order.tp != nil {
                    if isMarket {
                        reprocess = true
                    } else if stopPrice != nil, order.limit == nil, let tp = order.tp,
                              order.isLong ? tp <= high && (order.sl ?? -.infinity) < low
                                           : tp >= low && (order.sl ?? .infinity) > high {
                        reprocess = true
                    }
                }
            }
            removeOrder(id)
        }
        if reprocess { processOrders() }
    }

    /// Whether a new trade of `units` leaves too little margin: backtesting.py's test, or in forex
    /// mode the trade's margin in account currency plus its entry commission.
    private func exceedsMargin(units: Int, fillPrice: Double, marketPrice: Double, pricePlusCommission: Double) -> Bool {
        let size = Double(abs(units))
        guard options.forex != nil else { return size * pricePlusCommission > marginAvailable * leverage }
        return costs.toAccount(size * fillPrice, atPrice: fillPrice) / leverage + commission(size, marketPrice) > marginAvailable
    }

    private func reduceTrade(at t: Int, price: Double, size: Int, bar: Int) {
        let left = trades[t].size + size
        if left == 0 {
            closeTrade(at: t, price: price, bar: bar)
            return
        }
        trades[t].size = left
        for id in [trades[t].slOrder, trades[t].tpOrder].compactMap({ $0 }) {
            if let k = orders.firstIndex(where: { $0.id == id }) { orders[k].size = Double(-left) }
        }
        var part = trades[t]
        part.size = -size
        part.slOrder = nil
        part.tpOrder = nil
        part.sl = nil
        part.tp = nil
        trades.append(part)
        closeTrade(at: trades.count - 1, price: price, bar: bar)
    }

    private func closeTrade(at t: Int, price: Double, bar: Int) {
        var trade = trades.remove(at: t)
        if let id = trade.slOrder { removeOrder(id) }
        if let id = trade.tpOrder { removeOrder(id) }
        trade.exitPrice = price
        trade.exitBar = bar
        let exitCommission = commission(Double(trade.size), price)
        cash += costs.toAccount(Double(trade.size) * (price - trade.entryPrice), atPrice: price) - exitCommission
        trade.commissions = exitCommission + commission(Double(trade.size), trade.entryPrice)
        closed.append(trade)
    }

    private func openTrade(price: Double, size: Int, sl: Double?, tp: Double?, bar: Int) {
        nextID += 1
        var trade = Trade(id: nextID, size: size, entryPrice: price, entryBar: bar)
        cash -= commission(Double(size), price)
        // backtesting.py sets TP first (queued last), then SL (queued first).
        if let tp {
            nextID += 1
            trade.tpOrder = nextID
            trade.tp = tp
            orders.append(PendingOrder(id: nextID, size: Double(-size), limit: tp, parent: trade.id))
        }
        if let sl {
            nextID += 1
            trade.slOrder = nextID
            trade.sl = sl
            orders.insert(PendingOrder(id: nextID, size: Double(-size), stop: sl, parent: trade.id), at: 0)
        }
        trades.append(trade)
    }

    // MARK: records

    func record(_ trade: Trade, exitPrice: Double?) -> TradeRecord {
        let price = exitPrice ?? lastPrice
        let size = Double(trade.size)
        let direction = size > 0 ? 1.0 : -1.0
        let pnl = costs.toAccount(size * (price - trade.entryPrice), atPrice: price) - trade.commissions
        let returnPct = direction * (price / trade.entryPrice - 1) - trade.commissions / (abs(size) * trade.entryPrice)
        var record = TradeRecord(
            size: trade.size, entryBar: trade.entryBar, entryPrice: trade.entryPrice, entryTime: bars.times[trade.entryBar],
            exitBar: exitPrice == nil ? nil : trade.exitBar, exitPrice: exitPrice,
            exitTime: exitPrice == nil ? nil : bars.times[trade.exitBar],
            sl: trade.sl, tp: trade.tp, pnl: pnl, commission: trade.commissions, returnPct: returnPct)
        guard let contract = options.forex?.contract else { return record }
        record.returnPct = pnl / costs.toAccount(abs(size) * trade.entryPrice, atPrice: trade.entryPrice)
        record.forex = ForexFigures(lots: contract.lots(units: abs(trade.size)),
                                    pips: contract.pips(from: trade.entryPrice, to: price, direction: direction))
        return record
    }
}

/// Python's float `a // b` (floor of the quotient, computed through `fmod` as CPython does),
/// for positive `b`; sizes must round exactly as backtesting.py's.
func pythonFloorDivide(_ a: Double, _ b: Double) -> Double {
    var mod = a.truncatingRemainder(dividingBy: b)
    var div = (a - mod) / b
    if mod != 0 && ((b < 0) != (mod < 0)) {
        mod += b
        div -= 1
    }
    guard div != 0 else { return 0 }
    var floorDiv = div.rounded(.down)
    if div - floorDiv > 0.5 { floorDiv += 1 }
    return floorDiv
}
