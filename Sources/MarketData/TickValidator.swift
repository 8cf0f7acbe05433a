import ErrorDNA
import TradehubModel

/// Validates the ticks of one symbol in arrival order and hands each one to a `TickSink`,
/// either accepted (in order) or quarantined with its ErrorDNA code: nothing is dropped.
///
/// Rules, in order, each tick stopping at the first it breaks:
/// 1. `E_MALFORMED`: a bid, ask, last or volume that is not a finite number.
/// 2. `E_NON_POSITIVE_PRICE`: bid or ask ≤ 0, or a negative last or volume (0 is normal for both).
/// 3. `E_CROSSED_QUOTE`: bid > ask (bid = ask, a zero spread, is allowed).
/// 4. `E_OUT_OF_ORDER`: earlier than the last accepted tick; equal milliseconds are normal and kept.
/// 5. `E_DUPLICATE`: every field equal to the last accepted tick.
/// 6. `E_SPIKE`, decided over the next ticks:
///
/// **Spike rule.** The validator keeps the absolute mid-price changes between consecutive
/// accepted ticks over the last `volatilityWindow` accepted ticks (64) and takes their median as
/// the recent robust volatility, never less than `volatilityFloorPoints` points (10), so a quiet
/// market with a median change of zero does not flag every move. A tick whose mid moves away from
/// the last accepted mid by more than `spikeMultiple` (10) times that volatility is *suspect*: it
/// is held, neither accepted nor quarantined. The next `confirmationTicks` (3) valid ticks (those
/// that pass rules 1–4 and are not copies) vote: a tick whose mid is at least as close to the
/// suspect mid as to the old one confirms the new level, otherwise it votes for a return. When
/// more than half of them have returned, the held tick is quarantined with `E_SPIKE`; as soon as
/// at least half confirm, it was a genuine level shift and it is accepted, so a confirmed shift is
/// never rejected. Ticks that arrive meanwhile wait, in order, and then go through all the rules
/// (against the old level if the spike was rejected). At `finish`, a tick still held is accepted
/// unless most of the few ticks seen after it had returned. Once accepted, a jump enters the
/// volatility window like any other change; the median keeps one large change from inflating
/// the scale.
///
/// Cost per tick: O(1) plus O(window) element moves in a small sorted array (no allocation in the
/// steady state).
public struct TickValidator: Sendable {
    /// The symbol validated (its point size scales the volatility floor).
    public let symbol: Symbol
    public let settings: ValidationSettings

    /// Ticks handed to the sink as accepted so far.
    public private(set) var acceptedCount = 0
    /// Records handed to the sink as quarantined so far.
    public private(set) var quarantinedCount = 0

    private var last: Tick?
    private var window: MedianWindow
    private let floor: Double
    private let confirmation: Int

    private var held: Pending?
    private var heldReference = 0.0
    private var heldScale = 0.0
    private var nearNew = 0
    private var nearOld = 0
    private var lastEvidence: Tick?
    /// Ticks that arrived after the held one, processed from `waitHead`; votes counted up to `scanned`.
    private var waiting: [Pending] = []
    private var waitHead = 0
    private var scanned = 0

    private struct Pending: Sendable {
        var tick: Tick
        var source: String
        var raw: String
    }

    public init(symbol: Symbol, settings: ValidationSettings = .standard) {
        self.symbol = symbol
        self.settings = settings
        window = MedianWindow(capacity: max(1, settings.volatilityWindow))
        floor = max(0, settings.volatilityFloorPoints) * symbol.point
        confirmation = max(1, settings.confirmationTicks)
    }

    /// The last accepted tick.
    public var lastAccepted: Tick? { last }
    /// The suspect tick being held while the following ticks decide, if any.
    public var heldTick: Tick? { held?.tick }
    /// Ticks received but not yet accepted or quarantined (the held one and those after it).
    public var pendingCount: Int { held == nil ? 0 : 1 + waiting.count - waitHead }
    /// The current robust volatility (the median recent mid change, at least the floor), in price units.
    public var volatilityScale: Double { max(window.median, floor) }

    /// Validates `tick`; it (and any ticks it releases) reach `sink` before this returns, unless
    /// a suspect tick is being held, in which case they wait for the decision.
    /// - Parameters:
    ///   - source: where it came from (`file.csv:12`, `stream 3 seq 4711`), for quarantine records.
    ///   - raw: the line or message as received, for quarantine records.
    public mutating func process<S: TickSink>(_ tick: Tick, source: String, raw: String, into sink: inout S) {
        let entry = Pending(tick: tick, source: source, raw: raw)
        if held == nil {
            step(entry, into: &sink)
        } else {
            waiting.append(entry)
            pump(into: &sink, finishing: false)
        }
    }

    /// Continues after `tick`, accepted earlier (the last one stored): later ticks are checked
    /// against it for order, copies and spikes. Does nothing once a tick has been accepted here.
    public mutating func resume(after tick: Tick) {
        if last == nil { last = tick }
    }

    /// Ends the stream: decides a held tick on the evidence seen (accepted unless most of the
    /// ticks after it returned to the old level) and processes every waiting tick.
    public mutating func finish<S: TickSink>(into sink: inout S) {
        pump(into: &sink, finishing: true)
    }

    // MARK: rules

    private mutating func step<S: TickSink>(_ entry: Pending, into sink: inout S) {
        let tick = entry.tick
        if !(tick.bid.isFinite && tick.ask.isFinite && tick.last.isFinite && tick.volume.isFinite) {
            let (field, value) = !tick.bid.isFinite ? ("bid", tick.bid) : !tick.ask.isFinite ? ("ask", tick.ask)
                : !tick.last.isFinite ? ("last", tick.last) : ("volume", tick.volume)
            return reject(entry, .malformed, [
                "source": entry.source, "field": field, "value": "\(value)", "problem": "not a finite number",
            ], into: &sink)
        }
        if !(tick.bid > 0) { return nonPositive(entry, "bid", tick.bid, into: &sink) }
        if !(tick.ask > 0) { return nonPositive(entry, "ask", tick.ask, into: &sink) }
        if tick.last < 0 { return nonPositive(entry, "last", tick.last, into: &sink) }
        if tick.volume < 0 { return nonPositive(entry, "volume", tick.volume, into: &sink) }
        if tick.bid > tick.ask {
            return reject(entry, .crossedQuote, ["source": entry.source, "bid": "\(tick.bid)", "ask": "\(tick.ask)"], into: &sink)
        }
        if let last {
            if tick.timeMs < last.timeMs {
                return reject(entry, .outOfOrder, [
                    "source": entry.source, "time": PeriodCalendar.iso8601(ms: tick.timeMs), "symbol": symbol.name,
                    "last": PeriodCalendar.iso8601(ms: last.timeMs),
                ], into: &sink)
            }
            if tick == last {
                return reject(entry, .duplicate, [
                    "source": entry.source, "time": PeriodCalendar.iso8601(ms: tick.timeMs), "symbol": symbol.name,
                ], into: &sink)
            }
            if settings.spikeRuleEnabled {
                let scale = max(window.median, floor)
                if abs(tick.mid - last.mid) > settings.spikeMultiple * scale {
                    held = entry
                    heldReference = last.mid
                    heldScale = scale
                    nearNew = 0
                    nearOld = 0
                    lastEvidence = nil
                    scanned = waitHead
                    return
                }
            }
        }
        accept(entry, into: &sink)
    }

    private mutating func accept<S: TickSink>(_ entry: Pending, into sink: inout S) {
        if let last { window.add(abs(entry.tick.mid - last.mid)) }
        last = entry.tick
        acceptedCount += 1
        sink.accept(entry.tick, source: entry.source)
    }

    private mutating func nonPositive<S: TickSink>(_ entry: Pending, _ field: String, _ value: Double, into sink: inout S) {
        reject(entry, .nonPositivePrice, ["source": entry.source, "field": field, "value": "\(value)"], into: &sink)
    }

    private mutating func reject<S: TickSink>(
        _ entry: Pending, _ code: ErrorCode, _ context: KeyValuePairs<String, String>, into sink: inout S
    ) {
        quarantinedCount += 1
        sink.quarantine(QuarantineRecord(
            symbol: symbol.name, error: TradehubError(code, context), source: entry.source, raw: entry.raw,
            timeMs: entry.tick.timeMs))
    }

    // MARK: the held tick

    /// Counts votes on the held tick from waiting ticks, decides when it can, then runs the
    /// waiting ticks through the rules (which may hold another tick, and so on).
    private mutating func pump<S: TickSink>(into sink: inout S, finishing: Bool) {
        while let suspect = held {
            var verdict = decision()
            while verdict == nil, scanned < waiting.count {
                vote(waiting[scanned].tick, on: suspect.tick)
                scanned += 1
                verdict = decision()
            }
            if verdict == nil {
                guard finishing else { return }
                verdict = nearOld <= nearNew
            }
            held = nil
            if verdict == true {
                accept(suspect, into: &sink)
            } else {
                let tick = suspect.tick
                let jump = tick.mid - heldReference
                let places = symbol.digits + 1
                reject(suspect, .spike, [
                    "source": suspect.source,
                    "mid": Self.decimal(tick.mid, places),
                    "jump": (jump > 0 ? "+" : "") + Self.decimal(jump, places),
                    "previous": Self.decimal(heldReference, places),
                    "multiple": Self.decimal(abs(jump) / heldScale, 1),
                    "scale": Self.decimal(heldScale, places + 1),
                ], into: &sink)
            }
            while held == nil, waitHead < waiting.count {
                let next = waiting[waitHead]
                waitHead += 1
                step(next, into: &sink)
            }
        }
        waiting.removeAll(keepingCapacity: true)
        waitHead = 0
        scanned = 0
    }

    /// A valid tick after the suspect votes for the new level (at least as close to the suspect
    /// mid as to the old one) or for a return. Invalid ticks and copies do not vote.
    private mutating func vote(_ tick: Tick, on suspect: Tick) {
        guard tick.bid.isFinite, tick.ask.isFinite, tick.last.isFinite, tick.volume.isFinite,
              tick.bid > 0, tick.ask > 0, tick.last >= 0, tick.volume >= 0, tick.bid <= tick.ask,
              tick.timeMs >= last?.timeMs ?? .min, tick != suspect, tick != lastEvidence
        else { return }
        let mid = tick.mid
        if abs(mid - suspect.mid) <= abs(mid - heldReference) { nearNew += 1 } else { nearOld += 1 }
        lastEvidence = tick
    }

    /// true: accept (at least half of the confirmation ticks stayed), false: a spike (more than
    /// half returned), nil: not known yet.
    private func decision() -> Bool? {
        if nearOld * 2 > confirmation { return false }
        if nearNew * 2 >= confirmation { return true }
        return nil
    }

    /// `value` with at most `places` decimals, trailing zeros removed, never in exponent form.
    static func decimal(_ value: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard value.isFinite, scaled < 9e15 else { return "\(value)" }
        let units = Int64(scaled)
        let divisor = Int64(scale)
        var text = (value < 0 && units != 0 ? "-" : "") + String(units / divisor)
        let fraction = units % divisor
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: places - digits.count) + digits
            while digits.last == "0" { digits.removeLast() }
            text += "." + digits
        }
        return text
    }
}

/// The last `capacity` values in arrival order and sorted, for an O(1) median and O(capacity)
/// element moves per update without allocating once full.
private struct MedianWindow: Sendable {
    let capacity: Int
    private var ring: [Double] = []
    private var sorted: [Double] = []
    private var head = 0

    init(capacity: Int) {
        self.capacity = capacity
        ring.reserveCapacity(capacity)
        sorted.reserveCapacity(capacity + 1)
    }

    mutating func add(_ value: Double) {
        if ring.count < capacity {
            ring.append(value)
        } else {
            let old = ring[head]
            ring[head] = value
            head = head + 1 == capacity ? 0 : head + 1
            sorted.remove(at: index(firstNotBelow: old))
        }
        sorted.insert(value, at: index(firstNotBelow: value))
    }

    var median: Double {
        let count = sorted.count
        if count == 0 { return 0 }
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) * 0.5
    }

    private func index(firstNotBelow value: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
