import ErrorDNA
import Foundation
import Logging
import MarketData
import Storage
import Synchronization
import TradehubModel

/// How the bridge ingests, bounds and times out.
public struct BridgeSettings: Sendable {
    /// Most messages in one group commit.
    public var maxBatch = 8192
    /// Longest wait for more messages before a commit, and the period of timed work.
    public var batchWindowMs = 10
    /// Queued messages at which connections stop reading their sockets until storage catches up.
    public var highWater = 65_536
    /// Queued messages past which new data is refused with `E_OVERLOADED`.
    public var hardLimit = 262_144
    /// Most connections at once; one more gets `E_OVERLOADED`.
    public var maxConnections = 1024
    /// A connection silent this long is closed.
    public var idleTimeoutMs: Int64 = 15_000
    /// A tick held by the spike rule longer than this is decided on the evidence so far, so that
    /// acknowledgements do not wait for a quiet market.
    public var spikeHoldMs: Int64 = 1000
    /// How long an order waits for its `RESULT`.
    public var orderTimeoutMs: Int64 = 10_000
    public var validation: ValidationSettings = .standard
    /// The configured symbol list (others are quarantined `E_UNKNOWN_SYMBOL`), or nil for any symbol.
    public var symbols: [Symbol]?
    /// The digits of a symbol not in a list.
    public var precision: @Sendable (String) -> Symbol = { Symbol.standard($0) }

    public init() {}
}

/// A stream of numbered messages from one EA start (`HELLO`'s `stream`), shared by its successive
/// connections: what was received, what is durable, and where acknowledgements go.
final class BridgeStream: Sendable {
    let tenant: TenantID
    let id: String

    struct State {
        var login: String
        var tzOffsetMs: Int64
        /// Highest seq handed to the ingest (a resend at or below it is ignored).
        var receivedSeq: Int64
        /// Highest seq stored durably, with every earlier one.
        var durableSeq: Int64
        /// The connection acknowledgements go to.
        var connection: BridgeConnection?
    }
    let state: Mutex<State>

    init(tenant: TenantID, id: String, login: String, durableSeq: Int64) {
        self.tenant = tenant
        self.id = id
        state = Mutex(State(login: login, tzOffsetMs: 0, receivedSeq: durableSeq, durableSeq: durableSeq, connection: nil))
    }
}

/// One data message on its way to storage.
struct IngestItem: Sendable {
    let stream: BridgeStream
    let seq: Int64
    let data: BridgeData
    /// The line as received, for the quarantine.
    let raw: String
}

/// Validates streamed data and stores it with group commit: one transaction per batch (whatever
/// queued while the previous commit ran, at most `maxBatch`), and only then `ACK`s each stream up
/// to its highest message that is decided (stored or quarantined) together with every earlier one.
///
/// Runs on its own thread, so storage never blocks a network event loop. Ticks go through the
/// Market data validation pipeline per tenant and symbol, in arrival order; rejected messages are
/// quarantined and answered `REJECT`.
public final class BridgeIngest: Sendable {
    // Read by the worker below.
    fileprivate let store: any BridgeStore
    fileprivate let settings: BridgeSettings
    fileprivate let clock: any WallClock
    fileprivate let logger: Logger

    private struct Queue {
        var items: [IngestItem] = []
        var stopping = false
        /// Connections paused by backpressure, resumed when the queue drains.
        var paused: [@Sendable () -> Void] = []
    }
    private let condition = NSCondition()
    /// Signalled by the worker once its last commit is done.
    private let stopped = DispatchSemaphore(value: 0)
    private let queue = Mutex(Queue())
    private let live = Mutex([LiveKey: Bar]())
    private let counters = Mutex(IngestCounters())

    private struct LiveKey: Hashable {
        var tenant: TenantID
        var symbol: String
        var timeframe: Timeframe
    }

    public init(store: any BridgeStore, settings: BridgeSettings, clock: any WallClock, logger: Logger) {
        self.store = store
        self.settings = settings
        self.clock = clock
        self.logger = logger
    }

    /// Starts the ingest thread.
    func start() {
        let thread = Thread { [self] in
            var worker = IngestWorker(ingest: self)
            worker.run()
        }
        thread.name = "tradehub-bridge-ingest"
        thread.start()
    }

    /// Stores what is queued, then stops the thread; returns when the last commit is done.
    func stop() {
        queue.withLock { $0.stopping = true }
        condition.broadcast()
        stopped.wait()
        stopped.signal()  // so that a second `stop` returns at once too
    }

    /// What a connection may do after handing over messages.
    enum Admission {
        case accepted
        /// Queue above the high-water mark: stop reading until `resume` is called.
        case pause
        /// Queue past the hard limit: nothing was taken.
        case overloaded
    }

    /// Queues `items`; on `.pause`, `resume` is called once the queue has drained.
    func submit(_ items: [IngestItem], resume: @escaping @Sendable () -> Void) -> Admission {
        guard !items.isEmpty else { return .accepted }
        let admission = queue.withLock { queue -> Admission in
            if queue.items.count + items.count > settings.hardLimit || queue.stopping { return .overloaded }
            queue.items.append(contentsOf: items)
            if queue.items.count >= settings.highWater {
                queue.paused.append(resume)
                return .pause
            }
            return .accepted
        }
        if admission != .overloaded { condition.signal() }
        return admission
    }

    /// The bar in progress of a symbol built from live ticks (UTC open time).
    public func liveBar(tenant: TenantID, symbol: String, timeframe: Timeframe) -> Bar? {
        live.withLock { $0[LiveKey(tenant: tenant, symbol: symbol, timeframe: timeframe)] }
    }

    /// Totals since start.
    public var totals: IngestCounters { counters.withLock { $0 } }

    /// Messages waiting for the next commit.
    public var queued: Int { queue.withLock { $0.items.count } }

    // MARK: worker side

    fileprivate func take(max: Int, waitMs: Int) -> (items: [IngestItem], stopping: Bool) {
        let deadline = Date().addingTimeInterval(Double(waitMs) / 1000)
        condition.lock()
        while queue.withLock({ $0.items.isEmpty && !$0.stopping }) {
            if !condition.wait(until: deadline) { break }
        }
        condition.unlock()
        return queue.withLock { queue in
            let count = min(max, queue.items.count)
            let taken = Array(queue.items.prefix(count))
            queue.items.removeFirst(count)
            var resumed: [@Sendable () -> Void] = []
            if queue.items.count < settings.highWater / 2 {
                resumed = queue.paused
                queue.paused.removeAll()
            }
            for resume in resumed { resume() }
            return (taken, queue.stopping && queue.items.isEmpty)
        }
    }

    fileprivate func markStopped() { stopped.signal() }

    fileprivate func publish(liveBars: [(TenantID, String, Timeframe, Bar)]) {
        guard !liveBars.isEmpty else { return }
        live.withLock { live in
            for (tenant, symbol, timeframe, bar) in liveBars {
                live[LiveKey(tenant: tenant, symbol: symbol, timeframe: timeframe)] = bar
            }
        }
    }

    fileprivate func count(_ update: @Sendable (inout IngestCounters) -> Void) { counters.withLock { update(&$0) } }
}

/// What the ingest has done since start.
public struct IngestCounters: Sendable, Equatable, Codable {
    public var messages = 0
    public var ticksStored = 0
    public var quarantined = 0
    public var commits = 0
    public var failedCommits = 0

    enum CodingKeys: String, CodingKey {
        case messages, ticksStored = "ticks_stored", quarantined, commits, failedCommits = "failed_commits"
    }
}

/// The ingest thread's own state: validators, pending messages, the batch being built.
private struct IngestWorker {
    let ingest: BridgeIngest
    let settings: BridgeSettings
    let store: any BridgeStore

    /// A tick handed to a validator and not yet decided.
    struct Waiting {
        var stream: BridgeStream
        var seq: Int64
    }

    /// The validation state of one tenant (a reference, so that updating it never copies it).
    final class TenantLanes {
        var pipeline: TickPipeline
        /// Per symbol, the ticks handed to its validator and not yet decided, in arrival order.
        var waiting: [String: [Waiting]] = [:]
        var waitingHead: [String: Int] = [:]
        var heldSinceMs: [String: Int64] = [:]
        var aggregators: [String: MultiTimeframeAggregator] = [:]
        var touched: Set<String> = []

        init(pipeline: TickPipeline) { self.pipeline = pipeline }
    }

    /// Per stream, what the worker fed and what it must tell the terminal after the commit.
    struct Progress {
        var stream: BridgeStream
        var fedSeq: Int64 = 0
        var ackedSeq: Int64
        var rejects: [(seq: Int64, code: ErrorCode, detail: String)] = []
    }

    var lanes: [TenantID: TenantLanes] = [:]
    var progress: [ObjectIdentifier: Progress] = [:]
    var batch = BridgeBatch()

    init(ingest: BridgeIngest) {
        self.ingest = ingest
        settings = ingest.settings
        store = ingest.store
    }

    mutating func run() {
        while true {
            let (items, stopping) = ingest.take(max: settings.maxBatch, waitMs: settings.batchWindowMs)
            let now = ingest.clock.nowMs()
            for item in items { feed(item) }
            releaseLongHolds(now: now)
            commit(now: now)
            if stopping { break }
        }
        ingest.markStopped()
    }

    private mutating func feed(_ item: IngestItem) {
        let key = ObjectIdentifier(item.stream)
        if progress[key] == nil {
            progress[key] = Progress(stream: item.stream, ackedSeq: item.stream.state.withLock { $0.durableSeq })
        }
        progress[key]!.fedSeq = max(progress[key]!.fedSeq, item.seq)
        let tenant = item.stream.tenant
        let tzMs = item.stream.state.withLock { $0.tzOffsetMs }
        let source = "stream \(item.stream.id) seq \(item.seq)"
        switch item.data {
        case .tick(let symbol, var tick):
            tick.timeMs -= tzMs
            let lanesOfTenant = lanes(of: tenant)
            if lanesOfTenant.waiting[symbol] == nil {
                if let last = try? store.lastTick(tenant: tenant, symbol: symbol) {
                    lanesOfTenant.pipeline.resume(symbol: symbol, after: last)
                }
                lanesOfTenant.waiting[symbol] = []
                lanesOfTenant.waitingHead[symbol] = 0
            }
            lanesOfTenant.waiting[symbol]!.append(Waiting(stream: item.stream, seq: item.seq))
            lanesOfTenant.touched.insert(symbol)
            var sink = DecisionSink(tenant: tenant, lanes: lanesOfTenant)
            lanesOfTenant.pipeline.process(tick, symbol: symbol, source: source, raw: item.raw, into: &sink)
            absorb(sink)
        case .bar(let symbol, let timeframe, var bar):
            bar.openTimeMs -= tzMs
            if let problem = Self.problem(of: bar) {
                reject(item, tenant: tenant, code: problem.code, detail: problem.detail, source: source, symbol: symbol, timeMs: bar.openTimeMs)
            } else {
                if let known = lanes(of: tenant).pipeline.symbol(named: symbol) {
                    batch.bars.append(BridgeBatch.BarRow(tenant: tenant, symbol: known, timeframe: timeframe, bar: bar))
                } else {
                    let error = TradehubError(.unknownSymbol, ["source": source, "symbol": symbol])
                    reject(item, tenant: tenant, code: error.code, detail: error.message, source: source, symbol: symbol, timeMs: bar.openTimeMs)
                }
            }
        case .account(var account):
            account.login = item.stream.state.withLock { $0.login }
            batch.accounts.append((tenant, account))
        case .malformed(let symbol, let detail):
            let error = TradehubError(.malformed, ["source": source, "field": "line", "value": String(item.raw.prefix(80)), "problem": detail])
            reject(item, tenant: tenant, code: .malformed, detail: detail, source: source, symbol: symbol, timeMs: nil, message: error.message)
        }
        ingest.count { $0.messages += 1 }
    }

    private mutating func reject(
        _ item: IngestItem, tenant: TenantID, code: ErrorCode, detail: String, source: String, symbol: String,
        timeMs: Int64?, message: String? = nil
    ) {
        batch.quarantine.append((tenant, QuarantineRecord(
            symbol: symbol, code: code, reason: message ?? detail, source: source, raw: item.raw, timeMs: timeMs)))
        progress[ObjectIdentifier(item.stream)]!.rejects.append((item.seq, code, detail))
        ingest.count { $0.quarantined += 1 }
    }

    /// A bar that cannot be right: non-positive prices, or a high/low that does not hold open and close.
    static func problem(of bar: Bar) -> (code: ErrorCode, detail: String)? {
        if !(bar.open > 0 && bar.high > 0 && bar.low > 0 && bar.close > 0) {
            return (.nonPositivePrice, "bar prices must be positive")
        }
        if !(bar.low <= min(bar.open, bar.close) && bar.high >= max(bar.open, bar.close)) || bar.tickVolume < 0 {
            return (.malformed, "bar low \(bar.low) / high \(bar.high) do not hold open \(bar.open) and close \(bar.close)")
        }
        return nil
    }

    private mutating func lanes(of tenant: TenantID) -> TenantLanes {
        if let known = lanes[tenant] { return known }
        let made = TenantLanes(
            pipeline: TickPipeline(settings: settings.validation, symbols: settings.symbols, precision: settings.precision))
        lanes[tenant] = made
        return made
    }

    /// Takes what a decision sink decided into the batch.
    private mutating func absorb(_ sink: DecisionSink) {
        batch.ticks.append(contentsOf: sink.accepted)
        batch.quarantine.append(contentsOf: sink.quarantined.map { (sink.tenant, $0.record) })
        for (stream, seq, record) in sink.quarantined {
            progress[ObjectIdentifier(stream)]?.rejects.append((seq, record.code, record.reason))
        }
        if !sink.quarantined.isEmpty { ingest.count { [n = sink.quarantined.count] in $0.quarantined += n } }
    }

    /// Decides ticks held by the spike rule for longer than `spikeHoldMs`.
    private mutating func releaseLongHolds(now: Int64) {
        for (tenant, lanesOfTenant) in lanes {
            var expired = false
            for (symbol, waiting) in lanesOfTenant.waiting {
                if waiting.count > (lanesOfTenant.waitingHead[symbol] ?? 0) {
                    let since = lanesOfTenant.heldSinceMs[symbol] ?? now
                    lanesOfTenant.heldSinceMs[symbol] = since
                    if now - since >= settings.spikeHoldMs { expired = true }
                } else {
                    lanesOfTenant.heldSinceMs[symbol] = nil
                }
            }
            guard expired else { continue }
            var sink = DecisionSink(tenant: tenant, lanes: lanesOfTenant)
            lanesOfTenant.pipeline.finish(into: &sink)
            absorb(sink)
            lanesOfTenant.heldSinceMs.removeAll()
        }
    }

    /// Commits the batch and tells every stream what is now durable.
    private mutating func commit(now: Int64) {
        // Each stream's durable candidate: its highest fed seq, or just below its oldest undecided tick.
        var oldestUndecided: [ObjectIdentifier: Int64] = [:]
        for lanesOfTenant in lanes.values {
            for (symbol, waiting) in lanesOfTenant.waiting {
                let head = lanesOfTenant.waitingHead[symbol] ?? 0
                for entry in waiting[head...] {
                    let key = ObjectIdentifier(entry.stream)
                    oldestUndecided[key] = min(oldestUndecided[key] ?? .max, entry.seq)
                }
            }
        }
        var advanced: [(key: ObjectIdentifier, seq: Int64)] = []
        for (key, entry) in progress {
            let candidate = oldestUndecided[key].map { $0 - 1 } ?? entry.fedSeq
            if candidate > entry.ackedSeq {
                advanced.append((key, candidate))
                let login = entry.stream.state.withLock { $0.login }
                batch.streams.append(BridgeBatch.StreamProgress(
                    tenant: entry.stream.tenant, stream: entry.stream.id, login: login, lastSeq: candidate))
            }
        }
        guard !batch.isEmpty || progress.values.contains(where: { !$0.rejects.isEmpty }) else { return }
        var attempt = 0
        while true {
            do {
                try store.commit(batch, nowMs: now)
                break
            } catch {
                attempt += 1
                ingest.count { $0.failedCommits += 1 }
                ingest.logger.error(
                    "bridge commit failed; retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                Thread.sleep(forTimeInterval: min(1.0, 0.05 * Double(attempt)))
            }
        }
        let storedTicks = batch.ticks.count
        ingest.count {
            $0.commits += 1
            $0.ticksStored += storedTicks
        }
        publishLiveBars()
        batch.removeAll()
        for (key, seq) in advanced { progress[key]!.ackedSeq = seq }
        for key in Array(progress.keys) {
            let entry = progress[key]!
            let acked = entry.ackedSeq
            let connection = entry.stream.state.withLock { state -> BridgeConnection? in
                state.durableSeq = max(state.durableSeq, acked)
                return state.connection
            }
            if let connection {
                var text = ""
                for reject in entry.rejects { text += BridgeCodec.reject(reject.seq, reject.code, reject.detail) }
                if advanced.contains(where: { $0.key == key }) { text += BridgeCodec.ack(acked) }
                if !text.isEmpty { connection.send(text) }
            }
            progress[key]!.rejects.removeAll()
            if oldestUndecided[key] == nil, entry.fedSeq <= acked { progress[key] = nil }
        }
    }

    private mutating func publishLiveBars() {
        var bars: [(TenantID, String, Timeframe, Bar)] = []
        for (tenant, lanesOfTenant) in lanes {
            for symbol in lanesOfTenant.touched {
                guard let aggregator = lanesOfTenant.aggregators[symbol] else { continue }
                for timeframe in aggregator.timeframes {
                    if let bar = aggregator.current(timeframe) { bars.append((tenant, symbol, timeframe, bar)) }
                }
            }
        }
        ingest.publish(liveBars: bars)
        for lanesOfTenant in lanes.values { lanesOfTenant.touched.removeAll(keepingCapacity: true) }
    }

    /// Receives the validator's decisions and matches each with the message it decides.
    struct DecisionSink: SymbolTickSink {
        let tenant: TenantID
        let lanes: TenantLanes
        var accepted: [BridgeBatch.TickRow] = []
        var quarantined: [(stream: BridgeStream, seq: Int64, record: QuarantineRecord)] = []

        init(tenant: TenantID, lanes: TenantLanes) {
            self.tenant = tenant
            self.lanes = lanes
        }

        private func pop(_ symbol: String) -> Waiting? {
            guard let head = lanes.waitingHead[symbol], let waiting = lanes.waiting[symbol], head < waiting.count else {
                return nil
            }
            let entry = waiting[head]
            if head + 1 == waiting.count {
                lanes.waiting[symbol]!.removeAll(keepingCapacity: true)
                lanes.waitingHead[symbol] = 0
            } else {
                lanes.waitingHead[symbol] = head + 1
            }
            return entry
        }

        mutating func accept(_ tick: Tick, symbol: Symbol, source: String) {
            _ = pop(symbol.name)
            accepted.append(BridgeBatch.TickRow(tenant: tenant, symbol: symbol, tick: tick))
            if lanes.aggregators[symbol.name] == nil {
                lanes.aggregators[symbol.name] = MultiTimeframeAggregator(symbol: symbol)
            }
            lanes.aggregators[symbol.name]!.add(tick)
        }

        mutating func quarantine(_ record: QuarantineRecord) {
            guard let entry = pop(record.symbol) else { return }
            quarantined.append((entry.stream, entry.seq, record))
        }
    }
}
