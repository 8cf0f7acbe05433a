import ErrorDNA
import Strategy
import TradehubModel

/// The arguments of backtesting.py's `Backtest(...)`, with its defaults.
public struct BacktestOptions: Sendable, Equatable {
    /// Starting cash.
    public var cash: Double = 10_000
    /// Bid-ask spread as a fraction of the price: longs fill that much higher, shorts lower.
    public var spread: Double = 0
    /// Relative commission per fill, a fraction of the fill's value.
    public var commission: Double = 0
    /// Fixed commission per fill in account currency (backtesting.py's `(fixed, relative)` tuple).
    public var fixedCommission: Double = 0
    /// Margin requirement (1 / leverage); 1 means no leverage.
    public var margin: Double = 1
    /// Market orders fill at the close of the bar they were placed on instead of the next open.
    public var tradeOnClose = false
    /// Long and short trades may coexist instead of netting first-in-first-out.
    public var hedging = false
    /// Every new order first cancels pending orders and closes every open trade.
    public var exclusiveOrders = false
    /// Open trades are closed at the end so they count in the statistics.
    public var finalizeTrades = false
    /// MT5-style lots, pips, spread in points and commission per lot; nil for backtesting.py's units.
    public var forex: ForexOptions?

    public init() {}

    /// Throws `E_BACKTEST_ARGUMENT` for a value backtesting.py would refuse.
    public func validate() throws {
        func check(_ ok: Bool, _ argument: String, _ value: Double, _ problem: String) throws {
            if !ok { throw TradehubError(.backtestArgument, ["argument": argument, "value": "\(value)", "problem": problem]) }
        }
        try check(cash > 0 && cash.isFinite, "cash", cash, "must be a positive number")
        try check(margin > 0 && margin <= 1, "margin", margin, "must be in (0, 1]")
        try check(commission >= -0.1 && commission < 0.1, "commission", commission, "must be in [-0.1, 0.1)")
        try check(fixedCommission >= 0 && fixedCommission.isFinite, "fixed commission", fixedCommission, "must be ≥ 0")
        try check(spread >= 0 && spread < 1, "spread", spread, "must be in [0, 1)")
        if let forex {
            try forex.validate()
            try check(commission == 0 && fixedCommission == 0, "commission", commission, "is relative to the price; forex mode charges --commission-per-lot")
            try check(spread == 0, "spread", spread, "is relative to the price; forex mode takes --spread-points")
        }
    }
}

/// Forex mode: sizes in lots of a contract, spread in points, commission per lot and side in
/// account currency, profit converted to account currency and counted in pips.
public struct ForexOptions: Sendable, Equatable {
    public var contract: ForexContract
    public var sizing: LotSizing
    /// Ask minus bid in points (10^-digits): a long fills this much above the bar's price, a short below.
    public var spreadPoints: Double = 0
    /// Commission per lot on each side (entry and exit), in account currency.
    public var commissionPerLot: Double = 0

    public init(contract: ForexContract, sizing: LotSizing, spreadPoints: Double = 0, commissionPerLot: Double = 0) {
        self.contract = contract
        self.sizing = sizing
        self.spreadPoints = spreadPoints
        self.commissionPerLot = commissionPerLot
    }

    /// The spread as a price distance.
    public var spreadPrice: Double { spreadPoints * contract.symbol.point }

    /// Throws `E_FOREX_ARGUMENT` naming the first value forex mode cannot use.
    public func validate() throws {
        func check(_ ok: Bool, _ argument: String, _ value: Double, _ problem: String) throws {
            if !ok { throw TradehubError(.forexArgument, ["argument": argument, "value": "\(value)", "problem": problem]) }
        }
        let contractSize = contract.contractSize, lotStep = contract.lotStep
        try check(contractSize > 0 && contractSize.isFinite, "contract-size", contractSize, "must be a positive number of units per lot")
        try check(lotStep > 0 && lotStep.isFinite, "lot-step", lotStep, "must be positive")
        let unitsPerStep = lotStep * contractSize
        try check(unitsPerStep >= 1 && abs(unitsPerStep - unitsPerStep.rounded()) < 1e-9, "lot-step", lotStep,
                  "times the contract size (\(contractSize)) must be a whole number of units")
        switch sizing {
        case .fixedLots(let lots):
            try check(lots.isFinite && lots >= lotStep, "lots", lots, "must be at least one lot step (\(lotStep))")
            let steps = lots / lotStep
            try check(abs(steps - steps.rounded()) < 1e-9, "lots", lots, "must be a multiple of the lot step (\(lotStep))")
        case .riskPercent(let percent):
            try check(percent > 0 && percent <= 100, "risk-pct", percent, "must be in (0, 100]")
        }
        try check(spreadPoints >= 0 && spreadPoints.isFinite, "spread-points", spreadPoints, "must be ≥ 0")
        try check(commissionPerLot >= 0 && commissionPerLot.isFinite, "commission-per-lot", commissionPerLot, "must be ≥ 0")
        if case .fixedRate(let rate) = contract.conversion {
            try check(rate > 0 && rate.isFinite, "quote-rate", rate, "must be a positive rate")
        }
    }
}
