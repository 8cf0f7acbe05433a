import ErrorDNA
import Foundation
import MarketData
import Storage
import TradehubModel

/// The MT5 bridge protocol, version 1 (`../shared/spec/mt5-bridge-protocol.md`): one message per
/// line, fields separated by `|`, plain decimal numbers, times in server-time milliseconds.
public enum BridgeProtocol {
    public static let version = 1
    /// The longest line either side may send, newline excluded.
    public static let maxLineBytes = 4096
}

/// The `HELLO` that opens a session.
public struct BridgeHello: Sendable, Equatable {
    public var version: String
    public var login: String
    public var key: String
    public var server: String
    public var stream: String
    /// Seconds to subtract from server time to get UTC.
    public var tzOffsetSeconds: Int64

    public init(version: String, login: String, key: String, server: String, stream: String, tzOffsetSeconds: Int64) {
        self.version = version
        self.login = login
        self.key = key
        self.server = server
        self.stream = stream
        self.tzOffsetSeconds = tzOffsetSeconds
    }
}

/// A numbered data message of a stream (`TICK`, `BAR`, `ACCOUNT`), times still in server time.
public enum BridgeData: Sendable, Equatable {
    case tick(symbol: String, tick: Tick)
    case bar(symbol: String, timeframe: Timeframe, bar: Bar)
    case account(AccountSnapshot)
    /// A data line whose sequence number could be read but not the rest: quarantined and `REJECT`ed.
    case malformed(symbol: String, detail: String)

    /// The symbol the message is about ("" for an account).
    public var symbol: String {
        switch self {
        case .tick(let symbol, _), .bar(let symbol, _, _), .malformed(let symbol, _): symbol
        case .account: ""
        }
    }
}

/// A message a terminal sends.
public enum BridgeInbound: Sendable, Equatable {
    case hello(BridgeHello)
    case data(seq: Int64, BridgeData)
    case result(orderID: String, OrderResult)
    case ping(String)
    case pong(String)
}

/// A line that cannot be understood at all (no readable sequence number): answered `ERROR`.
public struct BridgeLineError: Error, Sendable, Equatable {
    public var code: ErrorCode
    public var detail: String

    public init(_ code: ErrorCode, _ detail: String) {
        self.code = code
        self.detail = detail
    }
}

/// Parses terminal lines and formats bridge lines, strictly by the protocol's rules.
public enum BridgeCodec {
    /// Parses one line (without its `\n`; a trailing `\r` is ignored).
    public static func parse(_ line: UnsafeRawBufferPointer) -> Result<BridgeInbound, BridgeLineError> {
        var fields = FieldCursor(line)
        let type = fields.next()
        switch type {
        case "TICK": return parseData(&fields, expected: 8) { f in
                let symbol = try f.symbol()
                let time = try f.integer("time_msc")
                let bid = try f.decimal("bid")
                let ask = try f.decimal("ask")
                let last = try f.decimal("last")
                let volume = try f.decimal("volume")
                let flags = try f.integer("flags")
                guard flags >= 0, flags <= Int64(UInt32.max) else { throw FieldError("flags", "\(flags)", "out of range") }
                return .tick(
                    symbol: symbol,
                    tick: Tick(timeMs: time, bid: bid, ask: ask, last: last, volume: volume, flags: UInt32(flags)))
            }
        case "BAR": return parseData(&fields, expected: 11) { f in
                let symbol = try f.symbol()
                let name = f.next()
                guard let timeframe = Timeframe(rawValue: name) else {
                    throw FieldError("timeframe", name, "not one of M1 M5 M15 M30 H1 H4 D1 W1 MN1")
                }
                let time = try f.integer("time")
                let bar = Bar(
                    openTimeMs: time, open: try f.decimal("open"), high: try f.decimal("high"), low: try f.decimal("low"),
                    close: try f.decimal("close"), tickVolume: try f.integer("tick_volume"),
                    spread: Int32(clamping: try f.integer("spread")), realVolume: try f.decimal("real_volume"))
                return .bar(symbol: symbol, timeframe: timeframe, bar: bar)
            }
        case "ACCOUNT": return parseData(&fields, expected: 7) { f in
                let currency = f.next()
                guard !currency.isEmpty else { throw FieldError("currency", currency, "empty") }
                return .account(
                    AccountSnapshot(
                        login: "", currency: currency, balance: try f.decimal("balance"), equity: try f.decimal("equity"),
                        margin: try f.decimal("margin"), freeMargin: try f.decimal("free_margin"),
                        leverage: try f.integer("leverage")))
            }
        case "HELLO":
            guard fields.count == 7 else { return .failure(BridgeLineError(.malformed, "HELLO has \(fields.count) fields, expected 7")) }
            let version = fields.next()
            let login = fields.next()
            let key = fields.next()
            let server = fields.next()
            let stream = fields.next()
            let tz = fields.next()
            guard !login.isEmpty, !stream.isEmpty, let offset = Int64(tz) else {
                return .failure(BridgeLineError(.malformed, "HELLO needs login, stream and an integer tz"))
            }
            return .success(.hello(BridgeHello(
                version: version, login: login, key: key, server: server, stream: stream, tzOffsetSeconds: offset)))
        case "RESULT":
            guard fields.count == 9 else { return .failure(BridgeLineError(.malformed, "RESULT has \(fields.count) fields, expected 9")) }
            let orderID = fields.next()
            do {
                let result = OrderResult(
                    retcode: Int(try fields.integer("retcode")), dealTicket: try fields.integer("deal_ticket"),
                    positionTicket: try fields.integer("position_ticket"), price: try fields.decimal("price"),
                    volume: try fields.decimal("volume"), timeMs: try fields.integer("time_msc"), comment: fields.next())
                guard !orderID.isEmpty else { throw FieldError("order_id", "", "empty") }
                return .success(.result(orderID: orderID, result))
            } catch let error as FieldError {
                return .failure(BridgeLineError(.malformed, "RESULT: \(error.description)"))
            } catch {
                return .failure(BridgeLineError(.malformed, "RESULT: \(error)"))
            }
        case "PING", "PONG":
            guard fields.count == 2 else { return .failure(BridgeLineError(.malformed, "\(type) has \(fields.count) fields, expected 2")) }
            let value = fields.next()
            return .success(type == "PING" ? .ping(value) : .pong(value))
        default:
            let shown = type.count > 20 ? String(type.prefix(20)) + "…" : type
            return .failure(BridgeLineError(.malformed, "unknown message type '\(shown)'"))
        }
    }

    private static func parseData(
        _ fields: inout FieldCursor, expected: Int, _ body: (inout FieldCursor) throws -> BridgeData
    ) -> Result<BridgeInbound, BridgeLineError> {
        let type = fields.first
        let seqText = fields.next()
        guard let seq = Int64(seqText), seq > 0, seqText.first != "+" else {
            return .failure(BridgeLineError(.malformed, "\(type): sequence number '\(seqText.prefix(24))' is not a positive integer"))
        }
        let symbolGuess = fields.peek()
        guard fields.count == expected + 1 else {
            return .success(.data(seq: seq, .malformed(
                symbol: symbolGuess, detail: "\(type) has \(fields.count) fields, expected \(expected + 1)")))
        }
        do {
            return .success(.data(seq: seq, try body(&fields)))
        } catch let error as FieldError {
            return .success(.data(seq: seq, .malformed(symbol: symbolGuess, detail: "\(type) \(error.description)")))
        } catch {
            return .success(.data(seq: seq, .malformed(symbol: symbolGuess, detail: "\(type): \(error)")))
        }
    }

    // MARK: bridge → terminal

    public static func welcome(session: String, lastSeq: Int64) -> String { "WELCOME|\(session)|\(lastSeq)\n" }
    public static func ack(_ seq: Int64) -> String { "ACK|\(seq)\n" }
    public static func reject(_ seq: Int64, _ code: ErrorCode, _ detail: String) -> String {
        "REJECT|\(seq)|\(code.rawValue)|\(field(detail))\n"
    }
    public static func error(_ code: ErrorCode, _ message: String) -> String {
        "ERROR|\(code.rawValue)|\(field(message))\n"
    }
    public static func ping(_ value: String) -> String { "PING|\(value)\n" }
    public static func pong(_ value: String) -> String { "PONG|\(value)\n" }

    /// The `ORDER`, `CLOSE` or `MODIFY` line of a request.
    public static func order(_ request: OrderRequest) -> String {
        switch request.action {
        case .open:
            return "ORDER|\(field(request.orderID))|\(field(request.symbol))|\(request.side == .buy ? "BUY" : "SELL")|"
                + "\(request.type.rawValue.uppercased())|\(decimal(request.volume))|\(decimal(request.price))|"
                + "\(decimal(request.stopLoss))|\(decimal(request.takeProfit))|\(request.deviation)|\(request.magic)|"
                + "\(field(request.comment))\n"
        case .close:
            return "CLOSE|\(field(request.orderID))|\(request.positionTicket)|\(decimal(request.volume))\n"
        case .modify:
            return "MODIFY|\(field(request.orderID))|\(request.positionTicket)|\(decimal(request.stopLoss))|"
                + "\(decimal(request.takeProfit))\n"
        }
    }

    /// A number as the protocol writes it: plain decimal, at most 10 decimals, no exponent.
    public static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.10f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// A price given in points (`units` × 10^-digits) as a plain decimal: `fixed(108512, digits: 5)` is `1.08512`.
    public static func fixed(_ units: Int64, digits: Int) -> String {
        guard digits > 0 else { return String(units) }
        let magnitude = units.magnitude
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let fraction = String(magnitude % scale)
        return (units < 0 ? "-" : "") + String(magnitude / scale) + "."
            + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    /// Text made safe for one field: `|`, `\r` and `\n` become spaces.
    public static func field(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x7C || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return String(text.map { $0 == "|" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}

/// Why one field could not be read.
struct FieldError: Error, CustomStringConvertible {
    var field: String
    var value: String
    var problem: String

    init(_ field: String, _ value: String, _ problem: String) {
        self.field = field
        self.value = value.count > 40 ? String(value.prefix(40)) + "…" : value
        self.problem = problem
    }

    var description: String { "\(field) '\(value)': \(problem)" }
}

/// Walks the `|`-separated fields of a line.
struct FieldCursor {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private let end: Int
    /// Number of fields in the line.
    let count: Int
    /// The first field (the message type).
    private(set) var first = ""

    init(_ line: UnsafeRawBufferPointer) {
        bytes = line
        var end = line.count
        if end > 0, line[end - 1] == 0x0D { end -= 1 }
        self.end = end
        var fields = 1
        for index in 0..<end where line[index] == 0x7C { fields += 1 }
        count = fields
    }

    private func nextRange() -> Range<Int> {
        var stop = position
        while stop < end, bytes[stop] != 0x7C { stop += 1 }
        return position..<stop
    }

    /// The next field as text ("" past the end).
    mutating func next() -> String {
        guard position <= end else { return "" }
        let range = nextRange()
        position = range.upperBound + 1
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        if first.isEmpty, range.lowerBound == 0 { first = text }
        return text
    }

    /// The next field as text, without moving past it.
    func peek() -> String {
        guard position <= end else { return "" }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[nextRange()]), as: UTF8.self)
    }

    mutating func symbol() throws -> String {
        let text = next()
        guard !text.isEmpty, text.utf8.count <= 64 else { throw FieldError("symbol", text, "empty or longer than 64 bytes") }
        return text
    }

    /// A plain decimal integer (`0`, `-3`, `1700000000123`).
    mutating func integer(_ name: String) throws -> Int64 {
        guard position <= end else { throw FieldError(name, "", "missing") }
        let range = nextRange()
        position = range.upperBound + 1
        var index = range.lowerBound
        var negative = false
        if index < range.upperBound, bytes[index] == 0x2D {
            negative = true
            index += 1
        }
        guard index < range.upperBound, range.upperBound - index <= 18 else { throw fieldError(name, range, "not an integer") }
        var value: Int64 = 0
        while index < range.upperBound {
            let digit = bytes[index] &- 0x30
            guard digit <= 9 else { throw fieldError(name, range, "not an integer") }
            value = value * 10 + Int64(digit)
            index += 1
        }
        return negative ? -value : value
    }

    /// A plain decimal number with at most 10 decimals (`1.08512`, `0`, `-3`): no exponent, no sign `+`.
    mutating func decimal(_ name: String) throws -> Double {
        guard position <= end else { throw FieldError(name, "", "missing") }
        let range = nextRange()
        position = range.upperBound + 1
        var index = range.lowerBound
        if index < range.upperBound, bytes[index] == 0x2D { index += 1 }
        var digitsBefore = 0
        var digitsAfter = 0
        var sawPoint = false
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == 0x2E, !sawPoint {
                sawPoint = true
            } else if byte &- 0x30 <= 9 {
                if sawPoint { digitsAfter += 1 } else { digitsBefore += 1 }
            } else {
                throw fieldError(name, range, "not a plain decimal number")
            }
            index += 1
        }
        guard digitsBefore > 0, !sawPoint || digitsAfter > 0, digitsAfter <= 10, digitsBefore <= 18 else {
            throw fieldError(name, range, "not a plain decimal number with at most 10 decimals")
        }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[range])
        guard let value = StrictNumber.parse(utf8: slice.assumingMemoryBound(to: UInt8.self)) else {
            throw fieldError(name, range, "not a number")
        }
        return value
    }

    private func fieldError(_ name: String, _ range: Range<Int>, _ problem: String) -> FieldError {
        FieldError(name, String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self), problem)
    }
}
