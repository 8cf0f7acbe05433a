import ErrorDNA
import MarketData
import Testing
import TradehubModel

@Suite("Tick validation")
struct TickValidatorTests {
    typealias Kit = MarketTestKit
    static let t0: Int64 = 1_704_186_000_000 // 2024-01-02T09:00:00Z

    /// Runs `ticks` (sources "s1", "s2", …) through one validator and finishes it.
    static func run(
        _ ticks: [Tick], settings: ValidationSettings = .standard, symbol: Symbol = Kit.eurusd, finish: Bool = true
    ) -> (Kit.Recorder, TickValidator) {
        var validator = TickValidator(symbol: symbol, settings: settings)
        var sink = Kit.Recorder()
        for (index, tick) in ticks.enumerated() {
            validator.process(tick, source: "s\(index + 1)", raw: "raw\(index + 1)", into: &sink)
        }
        if finish { validator.finish(into: &sink) }
        #expect(sink.accepted.count + sink.records.count == ticks.count || !finish)
        return (sink, validator)
    }

    /// A quiet market: `count` ticks one second apart, mid moving ±1 point, spread 10 points.
    static func quiet(_ count: Int, from start: Int64 = t0, bid: Double = 1.10000) -> [Tick] {
        (0..<count).map { index in
            let b = bid + Double(index % 2) * 0.00001
            return Tick(timeMs: start + Int64(index) * 1000, bid: b, ask: b + 0.0001)
        }
    }

    static func tick(_ second: Int64, _ bid: Double, spread: Double = 0.0001, ms: Int64 = 0) -> Tick {
        Tick(timeMs: t0 + second * 1000 + ms, bid: bid, ask: bid + spread)
    }

    static func expectRendered(_ record: QuarantineRecord) {
        #expect(!record.reason.contains("{"), "unfilled placeholder in \(record.reason)")
        #expect(record.reason.hasPrefix(record.source + ": "))
    }

    @Test("each rule quarantines with its code, source, raw text and time")
    func rules() {
        let good = Self.tick(0, 1.1)
        let cases: [(Tick, ErrorCode, String)] = [
            (Tick(timeMs: Self.t0 + 1, bid: .nan, ask: 1.1), .malformed, "malformed bid 'nan'"),
            (Tick(timeMs: Self.t0 + 1, bid: 1.1, ask: .infinity), .malformed, "malformed ask 'inf'"),
            (Tick(timeMs: Self.t0 + 1, bid: 0, ask: 1.1), .nonPositivePrice, "bid is 0.0; prices must be positive"),
            (Tick(timeMs: Self.t0 + 1, bid: 1.1, ask: -1.1), .nonPositivePrice, "ask is -1.1"),
            (Tick(timeMs: Self.t0 + 1, bid: 1.1, ask: 1.1001, last: -1), .nonPositivePrice, "last is -1.0"),
            (Tick(timeMs: Self.t0 + 1, bid: 1.1, ask: 1.1001, volume: -2), .nonPositivePrice, "volume is -2.0"),
            (Tick(timeMs: Self.t0 + 1, bid: 1.1002, ask: 1.1001), .crossedQuote, "bid 1.1002 is above ask 1.1001"),
            (Tick(timeMs: Self.t0 - 1, bid: 1.1, ask: 1.1001), .outOfOrder,
             "tick at 2024-01-02T08:59:59.999Z is earlier than the last accepted tick of EURUSD at 2024-01-02T09:00:00.000Z"),
            (good, .duplicate, "tick at 2024-01-02T09:00:00.000Z repeats the previous accepted tick of EURUSD exactly"),
        ]
        for (bad, code, message) in cases {
            let (sink, validator) = Self.run([good, bad])
            #expect(sink.accepted == [good])
            #expect(sink.codes == [code], "\(message)")
            let record = sink.records[0]
            #expect(record.symbol == "EURUSD" && record.source == "s2" && record.raw == "raw2" && record.timeMs == bad.timeMs)
            #expect(record.reason.contains(message), "\(record.reason)")
            Self.expectRendered(record)
            #expect(validator.acceptedCount == 1 && validator.quarantinedCount == 1)
        }
    }

    @Test("zero spread, zero last and volume are valid; the first tick is accepted as is")
    func validEdges() {
        let ticks = [Tick(timeMs: Self.t0, bid: 1.1, ask: 1.1), Tick(timeMs: Self.t0 + 5, bid: 1.1, ask: 1.1, flags: 2)]
        let (sink, _) = Self.run(ticks)
        #expect(sink.accepted == ticks && sink.records.isEmpty)
    }

    @Test("several ticks in the same millisecond are all kept, in order; an exact copy is a duplicate")
    func sameMillisecond() {
        let a = Self.tick(1, 1.10000)
        let b = Tick(timeMs: a.timeMs, bid: 1.10001, ask: 1.10011)
        let c = Tick(timeMs: a.timeMs, bid: 1.10001, ask: 1.10011, flags: 4)
        let d = Tick(timeMs: a.timeMs, bid: 1.10000, ask: 1.10010)  // equal to a, but not to the previous accepted
        let (sink, _) = Self.run([a, b, c, c, d])
        #expect(sink.accepted == [a, b, c, d])
        #expect(sink.codes == [.duplicate] && sink.records[0].source == "s4")
    }

    @Test("out of order is judged against the last ACCEPTED tick, not the last received")
    func outOfOrderAgainstAccepted() {
        let ticks = [
            Self.tick(10, 1.1), Self.tick(5, 1.1),  // out of order
            Tick(timeMs: Self.t0 + 8000, bid: 0, ask: 1.1),  // non-positive, though also early
            Self.tick(10, 1.10001), Self.tick(11, 1.1),
        ]
        let (sink, _) = Self.run(ticks)
        #expect(sink.codes == [.outOfOrder, .nonPositivePrice])
        #expect(sink.sources == ["s1", "s4", "s5"])
    }

    @Test("a spike that reverts is quarantined with E_SPIKE; the ticks after it are kept in order")
    func spikeReverts() {
        var ticks = Self.quiet(100)
        let spike = Self.tick(100, 1.10500)  // 500 points above a quiet market
        ticks += [spike, Self.tick(101, 1.10001), Self.tick(102, 1.10000), Self.tick(103, 1.10002)]
        let (sink, validator) = Self.run(ticks)
        #expect(sink.codes == [.spike])
        let record = sink.records[0]
        #expect(record.source == "s101" && record.raw == "raw101" && record.timeMs == spike.timeMs)
        #expect(record.reason == "s101: mid 1.10505 jumps +0.00499 from 1.10006, 49.9× the recent robust volatility 0.0001, and the next ticks did not confirm it", "\(record.reason)")
        Self.expectRendered(record)
        #expect(sink.accepted == Array(ticks[0..<100]) + Array(ticks[101...]))
        #expect(sink.events.suffix(4) == ["Q:E_SPIKE:s101", "A:s102", "A:s103", "A:s104"])
        #expect(validator.heldTick == nil && validator.pendingCount == 0)
    }

    @Test("a genuine level shift is held, then accepted with the ticks after it, in order")
    func levelShift() {
        var validator = TickValidator(symbol: Kit.eurusd)
        var sink = Kit.Recorder()
        let before = Self.quiet(100)
        for (index, tick) in before.enumerated() { validator.process(tick, source: "q\(index)", raw: "", into: &sink) }
        let jump = Self.tick(100, 1.09500)  // −500 points: news
        validator.process(jump, source: "jump", raw: "", into: &sink)
        #expect(validator.heldTick == jump && validator.pendingCount == 1 && sink.accepted.count == 100)
        validator.process(Self.tick(101, 1.09498), source: "a", raw: "", into: &sink)
        #expect(validator.pendingCount == 2 && sink.accepted.count == 100)
        validator.process(Self.tick(102, 1.09503), source: "b", raw: "", into: &sink)
        // two of three confirmations stay near the new level: decided
        #expect(validator.heldTick == nil && validator.pendingCount == 0)
        #expect(sink.records.isEmpty && sink.sources.suffix(3) == ["jump", "a", "b"])
        validator.process(Self.tick(103, 1.09502), source: "c", raw: "", into: &sink)
        #expect(sink.sources.last == "c" && sink.records.isEmpty)
    }

    @Test("a level shift that keeps going further is accepted too")
    func continuingMove() {
        let ticks = Self.quiet(80) + [Self.tick(80, 1.1030), Self.tick(81, 1.1060), Self.tick(82, 1.1090), Self.tick(83, 1.1120)]
        let (sink, _) = Self.run(ticks)
        #expect(sink.records.isEmpty && sink.accepted == ticks)
    }

    @Test("a two-tick spike is quarantined tick by tick; a reverting one-tick dip too")
    func twoTickSpike() {
        let ticks = Self.quiet(80) + [
            Self.tick(80, 1.1050), Self.tick(81, 1.10501), Self.tick(82, 1.1), Self.tick(83, 1.10001), Self.tick(84, 1.1),
            Self.tick(85, 1.0950), Self.tick(86, 1.1), Self.tick(87, 1.1), Self.tick(88, 1.10001),
        ]
        let (sink, _) = Self.run(ticks)
        #expect(sink.codes == [.spike, .spike, .spike])
        #expect(sink.records.map(\.source) == ["s81", "s82", "s86"])
        #expect(sink.accepted.count == ticks.count - 3)
        #expect(sink.accepted.map(\.timeMs) == sink.accepted.map(\.timeMs).sorted())
    }

    @Test("invalid ticks and copies during a hold do not vote; they are judged afterwards, in order")
    func invalidTicksDuringHold() {
        let spike = Self.tick(100, 1.1050)
        let ticks = Self.quiet(100) + [
            spike,
            Tick(timeMs: spike.timeMs + 1, bid: 1.1060, ask: 1.1050),  // crossed, near the spike: no vote
            spike,  // a copy of the held tick: no vote
            Self.tick(101, 1.10001),  // returns
            Self.tick(50, 1.1),  // out of order: no vote
            Self.tick(102, 1.1),  // returns: decided
            Self.tick(103, 1.10001),
        ]
        let (sink, _) = Self.run(ticks)
        #expect(sink.events.suffix(7) == [
            "Q:E_SPIKE:s101", "Q:E_CROSSED_QUOTE:s102", "Q:E_SPIKE:s103", "A:s104", "Q:E_OUT_OF_ORDER:s105", "A:s106",
            "A:s107",
        ])
    }

    @Test("at the end of the stream a held tick is accepted, unless most ticks seen after it had returned")
    func heldAtFinish() {
        let spike = Self.tick(100, 1.1050)
        do {
            let (sink, validator) = Self.run(Self.quiet(100) + [spike], finish: false)
            #expect(sink.accepted.count == 100 && validator.heldTick == spike)
            var finished = validator
            var rest = sink
            finished.finish(into: &rest)
            #expect(rest.accepted.last == spike && rest.records.isEmpty)
        }
        do {
            let (sink, _) = Self.run(Self.quiet(100) + [spike, Self.tick(101, 1.1)])
            #expect(sink.codes == [.spike] && sink.accepted.last == Self.tick(101, 1.1))
        }
        do {  // one vote each way: benefit of the doubt
            let (sink, _) = Self.run(Self.quiet(100) + [spike, Self.tick(101, 1.1), Self.tick(102, 1.10499)])
            #expect(sink.accepted.contains(spike) && !sink.records.contains { $0.source == "s101" })
        }
    }

    @Test("the floor keeps a quiet market from flagging ordinary moves; the scale follows volatility")
    func floorAndScale() {
        // Median change 0…1 point: the floor of 10 points rules, so the limit is 100 points.
        let calm = Self.quiet(100)
        let (small, _) = Self.run(calm + [Self.tick(100, 1.10095), Self.tick(101, 1.1)])
        #expect(small.records.isEmpty)
        let (large, _) = Self.run(calm + [Self.tick(100, 1.10105), Self.tick(101, 1.1), Self.tick(102, 1.1)])
        #expect(large.codes == [.spike])
        // Moves of ±30 points: a 200-point jump is within 10× the median change and not suspect.
        let busy = (0..<100).map { Self.tick(Int64($0), 1.1 + Double($0 % 2) * 0.0003) }
        var validator = TickValidator(symbol: Kit.eurusd)
        var sink = Kit.Recorder()
        for tick in busy { validator.process(tick, source: "", raw: "", into: &sink) }
        #expect(abs(validator.volatilityScale - 0.0003) < 1e-12)
        validator.process(Self.tick(100, 1.1023), source: "", raw: "", into: &sink)
        #expect(validator.heldTick == nil && sink.accepted.count == 101)
    }

    @Test("settings: the spike rule can be turned off; one confirmation tick decides alone")
    func settings() {
        let ticks = Self.quiet(100) + [Self.tick(100, 1.1050), Self.tick(101, 1.1), Self.tick(102, 1.1)]
        let (off, _) = Self.run(ticks, settings: ValidationSettings(spikeMultiple: .infinity))
        #expect(off.records.isEmpty && off.accepted == ticks)
        var validator = TickValidator(symbol: Kit.eurusd, settings: ValidationSettings(confirmationTicks: 1))
        var sink = Kit.Recorder()
        for tick in ticks.prefix(101) { validator.process(tick, source: "", raw: "", into: &sink) }
        #expect(validator.heldTick != nil)
        validator.process(ticks[101], source: "", raw: "", into: &sink)
        #expect(validator.heldTick == nil && sink.codes == [.spike])
        #expect(ValidationSettings.standard == ValidationSettings(
            spikeMultiple: 10, confirmationTicks: 3, volatilityWindow: 64, volatilityFloorPoints: 10))
    }

    @Test("the volatility window is a true sliding median")
    func slidingMedian() {
        // 64 changes of 50 points, then 64 of 1 point: the scale falls back to the floor.
        var bid = 1.1
        var ticks: [Tick] = []
        for index in 0..<200 {
            if index > 0 { bid += (index < 65 ? 0.0005 : 0.00001) * (index % 2 == 0 ? 1 : -1) }
            ticks.append(Self.tick(Int64(index), bid))
        }
        var validator = TickValidator(symbol: Kit.eurusd, settings: ValidationSettings(volatilityWindow: 64))
        var sink = Kit.Recorder()
        for tick in ticks.prefix(65) { validator.process(tick, source: "", raw: "", into: &sink) }
        #expect(abs(validator.volatilityScale - 0.0005) < 1e-12)
        for tick in ticks.dropFirst(65) { validator.process(tick, source: "", raw: "", into: &sink) }
        #expect(abs(validator.volatilityScale - 0.0001) < 1e-12)
        #expect(sink.records.isEmpty)
    }

    @Test("pipeline: per-symbol routing and rules, symbols on delivery, E_UNKNOWN_SYMBOL with a list")
    func pipeline() {
        var pipeline = TickPipeline(symbols: [Kit.eurusd, Symbol("USDJPY", digits: 3)])
        var sink = Kit.Recorder()
        let eu = Self.quiet(70)
        let jp = (0..<70).map { Tick(timeMs: Self.t0 - 3_600_000 + Int64($0) * 1000, bid: 150 + Double($0 % 2) * 0.001, ask: 150.01) }
        for index in 0..<70 {
            pipeline.process(eu[index], symbol: "EURUSD", source: "eu\(index)", raw: "", into: &sink)
            pipeline.process(jp[index], symbol: "USDJPY", source: "jp\(index)", raw: "", into: &sink)
        }
        #expect(sink.records.isEmpty && sink.accepted.count == 140)
        pipeline.process(Self.tick(200, 1.1), symbol: "GBPUSD", source: "gb", raw: "GBPUSD,1.1", into: &sink)
        #expect(sink.codes == [.unknownSymbol])
        #expect(sink.records[0].reason == "gb: symbol GBPUSD is not in the configured symbol list")
        #expect(sink.records[0].raw == "GBPUSD,1.1" && sink.records[0].symbol == "GBPUSD")
        // 1 yen on USDJPY is 1000 points: held per symbol; EURUSD goes on meanwhile.
        pipeline.process(Tick(timeMs: Self.t0 + 100_000, bid: 151, ask: 151.01), symbol: "USDJPY", source: "jump", raw: "", into: &sink)
        pipeline.process(Self.tick(300, 1.1), symbol: "EURUSD", source: "eu-late", raw: "", into: &sink)
        #expect(sink.sources.last == "eu-late" && pipeline.validator(for: "USDJPY")?.heldTick != nil)
        pipeline.finish(into: &sink)
        #expect(sink.sources.last == "jump" && sink.symbols.last == "USDJPY")
        #expect(Set(sink.symbols) == ["EURUSD", "USDJPY"] && pipeline.unknownSymbolCount == 1)
        #expect(pipeline.symbols.map(\.name) == ["EURUSD", "USDJPY"])
        #expect(pipeline.validator(for: "USDJPY")?.symbol.digits == 3)

        var open = TickPipeline()
        var all = Kit.Recorder()
        open.process(Self.tick(0, 1.1), symbol: "GBPUSD", source: "", raw: "", into: &all)
        open.process(Self.tick(0, 2000), symbol: "XAUUSD", source: "", raw: "", into: &all)
        #expect(all.accepted.count == 2 && open.validator(for: "XAUUSD")?.symbol.digits == 2)
    }

    @Test("random streams with injected faults: every tick is accounted for, accepted ticks are in order and valid")
    func randomFaults() {
        for seed in UInt64(1)...8 {
            var random = Kit.Random(seed: seed)
            let clean = Kit.randomStream(&random, count: 5000)
            var input: [Tick] = []
            var expectedBad = 0
            for tick in clean {
                input.append(tick)
                let draw = Double.random(in: 0..<1, using: &random)
                if draw < 0.01 {
                    input.append(Tick(timeMs: tick.timeMs, bid: tick.ask + 0.0001, ask: tick.ask)); expectedBad += 1
                } else if draw < 0.02 {
                    input.append(tick); expectedBad += 1
                } else if draw < 0.03 {
                    input.append(Tick(timeMs: tick.timeMs - 1, bid: tick.bid, ask: tick.ask)); expectedBad += 1
                } else if draw < 0.035 {
                    input.append(Tick(timeMs: tick.timeMs, bid: tick.bid * 1.01, ask: tick.ask * 1.01)); expectedBad += 1
                }
            }
            let (sink, _) = Self.run(input)
            #expect(sink.accepted.count + sink.records.count == input.count)
            #expect(sink.accepted == clean, "seed \(seed)")
            #expect(sink.records.count == expectedBad)
            for record in sink.records { Self.expectRendered(record) }
        }
    }
}
