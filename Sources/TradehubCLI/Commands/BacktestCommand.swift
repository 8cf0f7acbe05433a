import ArgumentParser
import Backtest
import ErrorDNA
import Foundation
import MarketData
import Strategy
import TradehubModel

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Backtest a built-in strategy over an OHLCV CSV file, equal to backtesting.py.",
        discussion: """
            Example: tradehub backtest --data GOOG.csv --strategy sma-cross --param fast=10 --param slow=20 --commission 0.002
            The flags mirror backtesting.py's Backtest(...) arguments and defaults, so the trades and statistics are
            what Backtest(data, SameStrategy, same arguments).run() gives. `tradehub strategies` lists the strategies.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @OptionGroup var arguments: BacktestArguments

    @Option(help: "Also write a self-contained HTML report here (price with trades, equity, drawdown, tables).")
    var report: String?

    func run() throws {
        _ = try CommandSetup.importManager(global)
        let run = try execute()
        if let report {
            let title = "\(arguments.strategy) on \(URL(fileURLWithPath: arguments.data).lastPathComponent)"
            let page = HTMLReport.render(title: title, bars: run.bars, result: run.result)
            do {
                try Data(page.utf8).write(to: URL(fileURLWithPath: report), options: .atomic)
            } catch {
                throw TradehubError(.io, ["operation": "write", "path": report, "reason": "\(error)"])
            }
        }
        if output.json {
            try Terminal.printJSON(run.document)
        } else {
            Terminal.standardOutput(run.text)
        }
    }

    /// Reads the data, runs the backtest and times the engine (data in memory → statistics).
    func execute() throws -> BacktestRun {
        let given = try arguments.givenParameters()
        let model = try arguments.signalModel(global)
        var instance = try arguments.strategyMaker(serving: model)(given)
        let options = try arguments.options()
        try Self.requireStopLoss(options, strategy: arguments.descriptor(), given: given)
        let bars = try arguments.bars(servedTo: model)
        let clock = ContinuousClock()
        let started = clock.now
        let result = try Backtester.run(&instance, on: bars, options: options)
        return BacktestRun(bars: bars, result: result, elapsedMs: (clock.now - started).seconds * 1000)
    }

    /// Refuses `--risk-pct` before the run when the strategy's `sl` parameter is 0 (no stop-loss
    /// to size by), rather than at its first order.
    static func requireStopLoss(_ options: BacktestOptions, strategy: StrategyDescriptor, given: [String: Double]) throws {
        guard case .riskPercent(let percent) = options.forex?.sizing,
              let slDefault = strategy.parameters.first(where: { $0.name == "sl" })?.defaultValue,
              (given["sl"] ?? slDefault) == 0 else { return }
        throw TradehubError(.forexNeedsStopLoss, [
            "value": "\(percent)", "problem": "\(strategy.name) orders have no stop-loss (sl = 0)",
        ])
    }
}

/// The data, strategy and `Backtest(...)` arguments `backtest` and `optimize` share.
struct BacktestArguments: ParsableArguments {
    @Option(help: "OHLCV CSV: a time column (or an empty first header cell) and Open, High, Low, Close[, Volume][, Spread in points].")
    var data: String

    @Option(help: "A built-in strategy (`tradehub strategies`).")
    var strategy: String = "sma-cross"

    @Option(name: .customLong("param"), help: ArgumentHelp("A strategy parameter (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    @Option(help: "Starting cash.")
    var cash: Double = 10_000

    @Option(help: "Commission per fill as a fraction of its value (0.002 = 0.2 %).")
    var commission: Double = 0

    @Option(help: "Bid-ask spread as a fraction of the price.")
    var spread: Double = 0

    @Option(help: "Margin requirement, 1 / leverage (0.02 = 50:1).")
    var margin: Double = 1

    @Flag(help: "Market orders fill at the close of the bar they were placed on, not the next open.")
    var tradeOnClose = false

    @Flag(help: "Long and short trades may coexist instead of netting first-in-first-out.")
    var hedging = false

    @Flag(help: "Every new order cancels pending orders and closes the open trades first.")
    var exclusiveOrders = false

    @Flag(help: "Close the trades still open at the end so they count in the statistics.")
    var finalizeTrades = false

    @OptionGroup(title: "Forex mode (MT5 lots, pips and account currency; on with --lots or --risk-pct)")
    var forex: ForexArguments

    @Option(help: "The registry model `ml-signal` trades (`tradehub models list`).")
    var model: String?

    @OptionGroup var tenantOption: TenantOption

    func descriptor() throws -> StrategyDescriptor { try StrategyCatalogue.named(strategy) }

    /// The registry model `ml-signal` trades, read once from the registry of `global`'s data
    /// directory; nil for a strategy that needs none.
    func signalModel(_ global: GlobalOptions) throws -> SignalModel? {
        let descriptor = try descriptor()
        guard descriptor.needsModel else { return nil }
        guard let model else { throw TradehubError(.strategyNeedsModel, ["strategy": descriptor.name]) }
        let stores = try CommandSetup.importManager(global).openStores()
        defer { try? stores.close() }
        return try stores.signalModel(stores.modelVersion(tenant: try tenantOption.resolve(in: stores), id: model))
    }

    /// The bars of `--data` and the maker of strategies over them, `ml-signal`'s model read once.
    func load(_ global: GlobalOptions) throws -> (bars: BarSeries, maker: StrategyMaker) {
        let model = try signalModel(global)
        return (try bars(servedTo: model), try strategyMaker(serving: model))
    }

    /// Makes the strategy for any parameters, every one sharing `model` (`signalModel`).
    func strategyMaker(serving model: SignalModel?) throws -> StrategyMaker {
        let descriptor = try descriptor()
        guard let model else { return { try descriptor.make($0) } }
        return { try descriptor.make(model: model, $0) }
    }

    /// A strategy for given parameters (`strategyMaker`).
    typealias StrategyMaker = @Sendable ([String: Double]) throws -> any Strategy & Sendable

    /// The `--param` values by name; throws `E_USAGE` for one that is not NAME=NUMBER.
    func givenParameters() throws -> [String: Double] { try Self.given(parameters) }

    /// `--param` values (NAME=NUMBER) by name; throws `E_USAGE` for one that is not.
    static func given(_ parameters: [String]) throws -> [String: Double] {
        var given: [String: Double] = [:]
        for parameter in parameters {
            let parts = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]) else {
                throw TradehubError(.usage, ["argument": "--param \(parameter)", "problem": "expected NAME=NUMBER, e.g. fast=10"])
            }
            given[parts[0]] = value
        }
        return given
    }

    /// backtesting.py's arguments, and forex mode when asked; throws `E_FOREX_ARGUMENT` or
    /// `E_FOREX_QUOTE_RATE` for forex flags that cannot work together.
    func options() throws -> BacktestOptions {
        var options = BacktestOptions()
        options.cash = cash
        options.commission = commission
        options.spread = spread
        options.margin = try forex.margin(default: margin)
        options.forex = try forex.options()
        options.tradeOnClose = tradeOnClose
        options.hedging = hedging
        options.exclusiveOrders = exclusiveOrders
        options.finalizeTrades = finalizeTrades
        return options
    }

    /// The bars of `--data`, read as training reads them; throws `E_CSV_HEADER` when `model`'s
    /// features read a Volume or Spread column the file lacks (they would be served zeros).
    func bars(servedTo model: SignalModel?) throws -> BarSeries {
        let table = try OHLCVTable.read(path: data)
        if let model { try FeaturesCommand.requireColumns(of: model, in: table, path: data) }
        return try BarSeries(table, path: data)
    }
}

/// A finished `tradehub backtest`: the result and its two renderings.
struct BacktestRun {
    let bars: BarSeries
    let result: BacktestResult
    let elapsedMs: Double

    /// `{"stats": {…}, "trades": […], "open_trades": […], "elapsed_ms": …}`.
    var document: BacktestDocument {
        BacktestDocument(
            stats: result.statistics.entries.map { ($0.name, $0.value) },
            trades: result.trades.map(TradeJSON.init), openTrades: result.openTrades.map(TradeJSON.init),
            elapsedMs: elapsedMs)
    }

    /// backtesting.py's statistics table, then the closed trades.
    var text: String {
        let width = result.statistics.entries.map(\.name.count).max() ?? 0
        var lines = result.statistics.entries.map { entry in
            entry.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + ReportFormat.statistic(entry.value)
        }
        lines.append("")
        let forex = result.trades.contains { $0.forex != nil }
        lines.append(Terminal.table(
            ["SIZE", "ENTRY BAR", "EXIT BAR", "ENTRY PRICE", "EXIT PRICE", "PNL", "RETURN [%]", "ENTRY TIME", "EXIT TIME"]
                + (forex ? ["LOTS", "PIPS"] : []),
            result.trades.map { trade in
                [
                    String(trade.size), String(trade.entryBar), trade.exitBar.map(String.init) ?? "",
                    ReportFormat.number(trade.entryPrice), trade.exitPrice.map(ReportFormat.number) ?? "", ReportFormat.number(trade.pnl),
                    ReportFormat.number(trade.returnPct * 100), ReportFormat.time(trade.entryTime), trade.exitTime.map(ReportFormat.time) ?? "",
                ] + (trade.forex.map { [ReportFormat.lots($0.lots), String(format: "%.1f", $0.pips)] } ?? [])
            }))
        if !result.openTrades.isEmpty { lines.append("\(result.openTrades.count) trade(s) still open (--finalize-trades closes them)") }
        return lines.joined(separator: "\n")
    }
}

/// A string coding key, for objects keyed by statistic names.
struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The statistics as one JSON object under backtesting.py's names: times ISO 8601, durations in
/// seconds, an undefined number null (never NaN).
struct StatisticsJSON: Encodable {
    let entries: [(String, StatisticValue)]

    init(_ entries: [(String, StatisticValue)]) { self.entries = entries }
    init(_ statistics: Statistics) { entries = statistics.entries.map { ($0.name, $0.value) } }

    func encode(to encoder: any Encoder) throws {
        var statistics = encoder.container(keyedBy: Key.self)
        for (name, value) in entries {
            let key = Key(name)
            switch value {
            case .time(let ms): try statistics.encode(ReportFormat.time(ms), forKey: key)
            case .duration(let x), .number(let x):
                if x.isFinite { try statistics.encode(x, forKey: key) } else { try statistics.encodeNil(forKey: key) }
            case .count(let n): try statistics.encode(n, forKey: key)
            }
        }
    }
}

/// The JSON document of `tradehub backtest --json`; an undefined number is null, never NaN.
struct BacktestDocument: Encodable {
    let stats: [(String, StatisticValue)]
    let trades: [TradeJSON]
    let openTrades: [TradeJSON]
    let elapsedMs: Double

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(StatisticsJSON(stats), forKey: Key("stats"))
        try container.encode(trades, forKey: Key("trades"))
        try container.encode(openTrades, forKey: Key("open_trades"))
        try container.encode(elapsedMs, forKey: Key("elapsed_ms"))
    }
}

/// One trade in the JSON document: backtesting.py's `_trades` columns in snake case.
struct TradeJSON: Encodable {
    let trade: TradeRecord

    init(_ trade: TradeRecord) { self.trade = trade }

    enum CodingKeys: String, CodingKey {
        case size, entryBar = "entry_bar", exitBar = "exit_bar", entryPrice = "entry_price", exitPrice = "exit_price"
        case sl, tp, pnl, commission, returnPct = "return_pct", entryTime = "entry_time", exitTime = "exit_time"
        case lots, pips
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func optional<T: Encodable>(_ value: T?, _ key: CodingKeys) throws {
            if let value { try c.encode(value, forKey: key) } else { try c.encodeNil(forKey: key) }
        }
        try c.encode(trade.size, forKey: .size)
        try c.encode(trade.entryBar, forKey: .entryBar)
        try optional(trade.exitBar, .exitBar)
        try c.encode(trade.entryPrice, forKey: .entryPrice)
        try optional(trade.exitPrice, .exitPrice)
        try optional(trade.sl, .sl)
        try optional(trade.tp, .tp)
        try c.encode(trade.pnl, forKey: .pnl)
        try c.encode(trade.commission, forKey: .commission)
        try c.encode(trade.returnPct, forKey: .returnPct)
        try c.encode(ReportFormat.time(trade.entryTime), forKey: .entryTime)
        try optional(trade.exitTime.map(ReportFormat.time), .exitTime)
        if let forex = trade.forex {
            try c.encode(forex.lots, forKey: .lots)
            try c.encode(forex.pips, forKey: .pips)
        }
    }
}

/// The forex-mode flags of `backtest` and `optimize`.
struct ForexArguments: ParsableArguments {
    @Option(help: "Fixed lots per order (forex mode).")
    var lots: Double?

    @Option(name: .customLong("risk-pct"), help: "Size each order so that its stop-loss loses this % of equity, commissions included (forex mode; needs an SL).")
    var riskPercent: Double?

    @Option(help: "Units per lot.")
    var contractSize: Double = 100_000

    @Option(help: "Smallest lot increment.")
    var lotStep: Double = 0.01

    @Option(help: "Leverage, e.g. 100 for 1:100 (margin 1/100); instead of --margin.")
    var leverage: Double?

    @Option(help: "Spread in points (10^-digits): longs enter this far above the bar's price, shorts below.")
    var spreadPoints: Double = 0

    @Option(help: "Commission per lot and side, in account currency.")
    var commissionPerLot: Double = 0

    @Option(help: "The traded symbol: its digits (EURUSD 5, USDJPY 3, XAUUSD 2) and currencies.")
    var symbol: String?

    @Option(help: "Price digits, instead of the symbol's.")
    var digits: Int?

    @Option(help: "The account's currency.")
    var accountCurrency: String = "USD"

    @Option(help: "Account currency per 1 unit of the quote currency, for a symbol quoted in neither (EURJPY on USD).")
    var quoteRate: Double?

    /// The margin requirement: `1 / --leverage` when given, else `--margin`.
    func margin(default margin: Double) throws -> Double {
        guard let leverage else { return margin }
        guard leverage >= 1, leverage.isFinite else {
            throw TradehubError(.forexArgument, ["argument": "leverage", "value": "\(leverage)", "problem": "must be ≥ 1 (1:1 is no leverage)"])
        }
        guard margin == 1 else {
            throw TradehubError(.forexArgument, ["argument": "leverage", "value": "\(leverage)", "problem": "and --margin \(margin) say the same thing; give one"])
        }
        return 1 / leverage
    }

    /// Forex mode when `--lots` or `--risk-pct` is given, nil otherwise.
    func options() throws -> ForexOptions? {
        let sizing: LotSizing
        switch (lots, riskPercent) {
        case (let lots?, nil): sizing = .fixedLots(lots)
        case (nil, let percent?): sizing = .riskPercent(percent)
        case (let lots?, _?):
            throw TradehubError(.forexArgument, ["argument": "lots", "value": "\(lots)", "problem": "and --risk-pct both size the orders; give one"])
        case (nil, nil):
            let forexOnly = spreadPoints != 0 || commissionPerLot != 0 || symbol != nil || digits != nil || quoteRate != nil
            guard !forexOnly else {
                throw TradehubError(.forexArgument, ["argument": "lots", "value": "none", "problem": "forex flags need --lots L or --risk-pct P to size the orders"])
            }
            return nil
        }
        if let digits, !(0...10).contains(digits) {
            throw TradehubError(.forexArgument, ["argument": "digits", "value": "\(digits)", "problem": "must be 0…10"])
        }
        guard let named = symbol.map(Symbol.standard) ?? digits.map({ Symbol("?", digits: $0) }) else {
            throw TradehubError(.forexArgument, ["argument": "symbol", "value": "none", "problem": "forex mode needs --symbol (e.g. EURUSD) or --digits for pips and points"])
        }
        let instrument = Symbol(named.name, digits: digits ?? named.digits)
        let conversion: ForexContract.QuoteConversion
        if let quoteRate {
            conversion = .fixedRate(quoteRate)
        } else if let automatic = ForexContract.conversion(for: instrument, accountCurrency: accountCurrency) {
            conversion = automatic
        } else {
            throw TradehubError(.forexQuoteRate, [
                "symbol": instrument.name, "quote": ForexContract.currencies(of: instrument)?.quote ?? "?", "account": accountCurrency,
            ])
        }
        let contract = ForexContract(symbol: instrument, contractSize: contractSize, lotStep: lotStep, conversion: conversion)
        return ForexOptions(contract: contract, sizing: sizing, spreadPoints: spreadPoints, commissionPerLot: commissionPerLot)
    }
}
