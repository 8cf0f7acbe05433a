import ErrorDNA
import TradehubModel

/// One data line of an imported file: a tick, a bar, or a malformed line ready for the quarantine.
public struct ImportRecord: Sendable {
    /// What the line held.
    public enum Kind: Sendable {
        /// A tick of a tick format, its time converted to UTC.
        case tick(Tick)
        /// A bar of a bar format, its open time converted to UTC.
        case bar(Bar)
        /// A line that could not be read: an `E_MALFORMED` quarantine record (source `file:line`,
        /// the raw text) and the error, whose context holds `source`, `field`, `value`, `problem`.
        indirect case malformed(QuarantineRecord, error: TradehubError)
    }

    /// The 1-based line number in the (decompressed, decoded) file; the header is line 1 when present.
    public var line: Int
    /// The line's content.
    public var kind: Kind

    /// A record of line `line`.
    public init(line: Int, kind: Kind) {
        self.line = line
        self.kind = kind
    }

    /// The tick, if the line held one.
    public var tick: Tick? {
        if case .tick(let tick) = kind { return tick }
        return nil
    }

    /// The bar, if the line held one.
    public var bar: Bar? {
        if case .bar(let bar) = kind { return bar }
        return nil
    }

    /// The quarantine record, if the line was malformed.
    public var quarantine: QuarantineRecord? {
        if case .malformed(let record, _) = kind { return record }
        return nil
    }
}
