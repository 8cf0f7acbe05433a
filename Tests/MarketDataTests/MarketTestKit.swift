import ErrorDNA
import Foundation
import MarketData
import TradehubModel

/// Helpers shared by the validation and aggregation tests (namespaced to stay out of the way of
/// other test files of the target).
enum MarketTestKit {
    /// SplitMix64: a small seeded generator, identical on every platform.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// A standard normal draw (Box–Muller).
        mutating func normal() -> Double {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
            let v = Double.random(in: 0..<1, using: &self)
            return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
        }
    }

    /// A sink that keeps everything, in the order received.
    struct Recorder: TickSink, SymbolTickSink {
        var accepted: [Tick] = []
        var sources: [String] = []
        var symbols: [String] = []
        var records: [QuarantineRecord] = []
        /// Every delivery in order: "A:source" for an accepted tick, "Q:CODE:source" for a record.
        var events: [String] = []

        mutating func accept(_ tick: Tick, source: String) {
            accepted.append(tick)
            sources.append(source)
            events.append("A:\(source)")
        }

        mutating func accept(_ tick: Tick, symbol: Symbol, source: String) {
            symbols.append(symbol.name)
            accept(tick, source: source)
        }

        mutating func quarantine(_ record: QuarantineRecord) {
            records.append(record)
            events.append("Q:\(record.code):\(record.source)")
        }

        var codes: [ErrorCode] { records.map(\.code) }
    }

    static let eurusd = Symbol("EURUSD", digits: 5)

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/market")

    static func lines(_ name: String) throws -> [Substring] {
        let text = try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0 }
    }

    /// `Tests/Fixtures/market/ticks.csv` with each tick's line number.
    static func fixtureTicks() throws -> [(tick: Tick, line: Int)] {
        try lines("ticks.csv").enumerated().map { index, line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            let tick = Tick(
                timeMs: Int64(cells[0])!, bid: Double(cells[1])!, ask: Double(cells[2])!, last: Double(cells[3])!,
                volume: Double(cells[4])!, flags: UInt32(cells[5])!)
            return (tick, index + 2)
        }
    }

    /// `Tests/Fixtures/market/bars.csv` keyed by series (`M1`…`MN1`, `W1-SUN`) and offset.
    static func fixtureBars() throws -> [String: [Int: [Bar]]] {
        var result: [String: [Int: [Bar]]] = [:]
        for line in try lines("bars.csv") {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            let bar = Bar(
                openTimeMs: Int64(cells[2])!, open: Double(cells[3])!, high: Double(cells[4])!, low: Double(cells[5])!,
                close: Double(cells[6])!, tickVolume: Int64(cells[7])!, spread: Int32(cells[8])!,
                realVolume: Double(cells[9])!)
            result[String(cells[0]), default: [:]][Int(cells[1])!, default: []].append(bar)
        }
        return result
    }

    /// Where two bar lists first differ, for a readable failure.
    static func firstDifference(_ actual: [Bar], _ expected: [Bar]) -> String? {
        for (index, pair) in zip(actual, expected).enumerated() where pair.0 != pair.1 {
            return "bar \(index) at \(PeriodCalendar.iso8601(ms: pair.1.openTimeMs)): got \(pair.0), expected \(pair.1)"
        }
        if actual.count != expected.count { return "\(actual.count) bars, expected \(expected.count)" }
        return nil
    }

    /// A random, valid tick stream: a Gaussian walk in points with a random spread, bursts with
    /// several ticks in the same millisecond, quiet gaps up to days, and whole or half-lot volumes.
    static func randomStream(
        _ random: inout Random, count: Int, startMs: Int64 = 1_704_067_200_000, digits: Int = 5,
        stepPoints: Double = 3
    ) -> [Tick] {
        let point = Symbol("X", digits: digits).point
        var ticks: [Tick] = []
        ticks.reserveCapacity(count)
        var time = startMs + Int64.random(in: 0..<86_400_000, using: &random)
        var bidPoints = 109_000.0 * Double(Int.random(in: 1...3, using: &random))
        for _ in 0..<count {
            let draw = Double.random(in: 0..<1, using: &random)
            if draw < 0.05 {
                time += 0
            } else if draw < 0.97 {
                time += Int64.random(in: 1...20_000, using: &random)
            } else if draw < 0.995 {
                time += Int64.random(in: 60_000...14_400_000, using: &random)
            } else {
                time += Int64.random(in: 86_400_000...3 * 86_400_000, using: &random)
            }
            bidPoints += (random.normal() * stepPoints).rounded()
            if bidPoints < 100 { bidPoints = 100 }
            let spreadPoints = Double(Int.random(in: 0...30, using: &random)) + (Bool.random(using: &random) ? 0 : 0.5)
            let volume = Double.random(in: 0..<1, using: &random) < 0.1 ? Double(Int.random(in: 1...100, using: &random)) / 2 : 0
            let bid = bidPoints * point
            ticks.append(Tick(
                timeMs: time, bid: bid, ask: (bidPoints + spreadPoints) * point, last: volume > 0 ? bid : 0,
                volume: volume, flags: UInt32(Int.random(in: 0...127, using: &random))))
        }
        return ticks
    }
}
