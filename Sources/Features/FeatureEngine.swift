import ErrorDNA
import Indicators
import MarketData
import TradehubModel

/// Which volume of a `Bar` volume-reading indicators (OBV, MFI, AD, …) see.
public enum BarVolume: String, Sendable, CaseIterable {
    /// `realVolume`: the traded volume, what an OHLCV file's Volume column holds.
    case real
    /// `tickVolume`: the number of ticks, MT5's usual volume for forex.
    case tick
}

/// Computes a feature set one bar at a time, in O(1) per bar: every feature is a streaming
/// indicator, a ring buffer or a field of the bar, and each distinct computation is done once
/// however many features share it (`RSI(14)` and `lag(RSI(14),3)`).
///
/// A row holds only what is known at the close of the bar just added: there is no way to give
/// the engine a later bar than the one it is updating with. A feature on a higher timeframe
/// (`RSI(14)@H4`) changes only when a bar of that timeframe closes, which is when a bar reaches
/// the end of its period (so the bars' own timeframe must be known) or, after a gap, when a
/// bar of the next period arrives. Periods are UTC.
public struct FeatureEngine: Sendable {
    /// The set computed.
    public let featureSet: FeatureSet
    /// The timeframe of the bars fed in; needed for higher-timeframe features.
    public let timeframe: Timeframe?
    /// The bar volume indicators read.
    public let volume: BarVolume

    private struct IndicatorNode: Sendable {
        var indicator: any Indicator
        let firstSlot: Int
        let width: Int
    }

    /// The indicators of one higher timeframe, fed the bars built from the input bars.
    private struct Lane: Sendable {
        var resampler: BarResampler
        var nodes: [IndicatorNode] = []
        /// Whether the bar in progress was already fed (it reached its period's end).
        var fedCurrent = false
    }

    private struct LagNode: Sendable {
        let source: Int
        let slot: Int
        let bars: Int
        var history: RingBuffer
    }

    private enum Field: Sendable { case hour, dayOfWeek, spread }

    private var fields: [(field: Field, slot: Int)] = []
    private var nodes: [IndicatorNode] = []
    private var lanes: [Lane] = []
    private var lags: [LagNode] = []
    /// Every computed value of the current bar, columns and the values they are built from.
    private var slots: [Double] = []
    private let columnSlots: [Int]
    private let timeframeMs: Int64

    /// Builds the engine; a higher timeframe that bars of `timeframe` cannot build (or any
    /// higher timeframe when `timeframe` is nil) is `E_FEATURE_TIMEFRAME`.
    public init(_ featureSet: FeatureSet, timeframe: Timeframe?, volume: BarVolume = .real) throws {
        self.featureSet = featureSet
        self.timeframe = timeframe
        self.volume = volume
        timeframeMs = Int64(timeframe?.nominalSeconds ?? 0) * 1000
        var builder = Builder(timeframe: timeframe)
        columnSlots = try featureSet.columns.map { try builder.slot(for: $0) }
        fields = builder.fields
        nodes = builder.nodes
        lanes = builder.lanes
        lags = builder.lags
        slots = [Double](repeating: .nan, count: builder.slotCount)
    }

    /// The number of columns of a row.
    public var columnCount: Int { columnSlots.count }

    /// Adds the next bar (in time order) and writes its row into `row` (`columnCount` cells,
    /// NaN where a feature is still warming up).
    public mutating func update(_ bar: Bar, into row: inout [Double]) {
        let candle = candle(of: bar)
        for (field, slot) in fields {
            switch field {
            case .hour: slots[slot] = Double(Self.floorMod(bar.openTimeMs, 86_400_000) / 3_600_000)
            case .dayOfWeek: slots[slot] = Double(Self.floorMod(Self.floorDiv(bar.openTimeMs, 86_400_000) + 3, 7))
            case .spread: slots[slot] = Double(bar.spread)
            }
        }
        for index in nodes.indices { Self.feed(&nodes[index], candle, into: &slots) }
        for index in lanes.indices { advance(lane: index, with: bar) }
        for index in lags.indices {
            lags[index].history.append(slots[lags[index].source])
            slots[lags[index].slot] = lags[index].history.isFull ? lags[index].history.oldest : .nan
        }
        for (column, slot) in columnSlots.enumerated() { row[column] = slots[slot] }
    }

    /// Adds the next bar and returns its row.
    public mutating func update(_ bar: Bar) -> [Double] {
        var row = [Double](repeating: .nan, count: columnCount)
        update(bar, into: &row)
        return row
    }

    /// The matrix of `bars`: this engine, from its current state, updated with each bar in turn.
    public mutating func run(over bars: [Bar]) -> FeatureMatrix {
        var values = [Double](repeating: .nan, count: bars.count * columnCount)
        var row = [Double](repeating: .nan, count: columnCount)
        for (index, bar) in bars.enumerated() {
            update(bar, into: &row)
            values.replaceSubrange(index * columnCount..<(index + 1) * columnCount, with: row)
        }
        return FeatureMatrix(names: featureSet.names, timestamps: bars.map(\.openTimeMs), values: values)
    }

    private mutating func advance(lane index: Int, with bar: Bar) {
        if let closed = lanes[index].resampler.add(bar) {
            if !lanes[index].fedCurrent { feed(lane: index, closed) }
            lanes[index].fedCurrent = false
        }
        guard timeframeMs > 0, let current = lanes[index].resampler.current,
              bar.openTimeMs + timeframeMs >= lanes[index].resampler.calendar.period(containing: current.openTimeMs).upperBound
        else { return }
        if !lanes[index].fedCurrent { feed(lane: index, current) }
        lanes[index].fedCurrent = true
    }

    private mutating func feed(lane index: Int, _ bar: Bar) {
        let candle = candle(of: bar)
        for node in lanes[index].nodes.indices { Self.feed(&lanes[index].nodes[node], candle, into: &slots) }
    }

    @inline(__always)
    private func candle(of bar: Bar) -> Candle {
        Candle(
            open: bar.open, high: bar.high, low: bar.low, close: bar.close,
            volume: volume == .real ? bar.realVolume : Double(bar.tickVolume))
    }

    @inline(__always)
    private static func feed(_ node: inout IndicatorNode, _ candle: Candle, into slots: inout [Double]) {
        let ready = node.indicator.update(candle)
        for output in 0..<node.width {
            slots[node.firstSlot + output] = ready ? node.indicator.value(output) : .nan
        }
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
    private static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }

    /// Assigns slots to features, sharing one computation among the features that need it.
    private struct Builder {
        let timeframe: Timeframe?
        var fields: [(field: Field, slot: Int)] = []
        var nodes: [IndicatorNode] = []
        var lanes: [Lane] = []
        var lags: [LagNode] = []
        var slotCount = 0
        /// The first slot of each computation, by its canonical text without an output selector.
        var known: [String: Int] = [:]

        init(timeframe: Timeframe?) { self.timeframe = timeframe }

        mutating func slot(for spec: FeatureSpec) throws -> Int {
            switch spec.kind {
            case .indicator(let name, let arguments, let output, let higher):
                let key = FeatureSpec(.indicator(name: name, arguments: arguments, output: nil, timeframe: higher)).canonical
                if let first = known[key] { return first + (output ?? 0) }
                guard let function = IndicatorCatalogue.function(named: name) else {
                    throw TradehubError(.indicatorUnknown, ["name": name, "known": IndicatorCatalogue.all.map(\.name).joined(separator: ", ")])
                }
                let indicator = try function.make(arguments, spec: spec.canonical)
                let first = try add(indicator, width: indicator.outputNames.count, timeframe: higher, spec: spec, key: key)
                return first + (output ?? 0)
            case .logReturn(let bars, let higher):
                if let first = known[spec.canonical] { return first }
                return try add(LogReturn(bars: bars), width: 1, timeframe: higher, spec: spec, key: spec.canonical)
            case .lag(let inner, let bars):
                if let slot = known[spec.canonical] { return slot }
                let source = try slot(for: inner)
                let slot = allocate(1, key: spec.canonical)
                lags.append(LagNode(source: source, slot: slot, bars: bars, history: RingBuffer(capacity: bars + 1)))
                return slot
            case .hour, .dayOfWeek, .spread:
                if let slot = known[spec.canonical] { return slot }
                let slot = allocate(1, key: spec.canonical)
                let field: Field = switch spec.kind {
                case .hour: .hour
                case .dayOfWeek: .dayOfWeek
                default: .spread
                }
                fields.append((field, slot))
                return slot
            }
        }

        private mutating func add(
            _ indicator: any Indicator, width: Int, timeframe higher: Timeframe?, spec: FeatureSpec, key: String
        ) throws -> Int {
            let first = allocate(width, key: key)
            let node = IndicatorNode(indicator: indicator, firstSlot: first, width: width)
            guard let higher else {
                nodes.append(node)
                return first
            }
            guard let timeframe else {
                throw TradehubError(.featureTimeframe, [
                    "spec": spec.canonical, "timeframe": "bars of unknown timeframe",
                    "problem": "a higher-timeframe feature needs the bars' own timeframe",
                ])
            }
            guard BarResampler.canResample(from: timeframe, to: higher) else {
                throw TradehubError(.featureTimeframe, [
                    "spec": spec.canonical, "timeframe": "\(timeframe.rawValue) bars",
                    "problem": "\(higher.rawValue) bars cannot be built from \(timeframe.rawValue) bars",
                ])
            }
            if let lane = lanes.firstIndex(where: { $0.resampler.target == higher }) {
                lanes[lane].nodes.append(node)
            } else {
                var lane = Lane(resampler: BarResampler(from: timeframe, to: higher))
                lane.nodes.append(node)
                lanes.append(lane)
            }
            return first
        }

        private mutating func allocate(_ width: Int, key: String) -> Int {
            let first = slotCount
            slotCount += width
            known[key] = first
            return first
        }
    }
}
