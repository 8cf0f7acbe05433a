/// UTC time as market data files write it, with integer calendar arithmetic (no Foundation
/// `Calendar` or `DateFormatter`): civil dates ↔ epoch milliseconds, ISO 8601 text, and the
/// free-form time cells the importers accept.
public enum MarketTime {
    /// Milliseconds since 1970-01-01T00:00:00Z of a proleptic Gregorian date and time of day.
    public static func epochMs(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0
    ) -> Int64 {
        Int64(ByteParsing.daysFromCivil(year, month, day)) * ByteParsing.dayMs
            + Int64(hour * 3_600_000 + minute * 60_000 + second * 1000 + millisecond)
    }

    /// The UTC date and time of day of `ms` (floor division, so times before 1970 work too).
    public static func components(ofEpochMs ms: Int64)
        -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int)
    {
        let (days, msOfDay) = floorDivide(ms, ByteParsing.dayMs)
        let (year, month, day) = ByteParsing.civilFromDays(Int(days))
        let m = Int(msOfDay)
        return (year, month, day, m / 3_600_000, m / 60_000 % 60, m / 1000 % 60, m % 1000)
    }

    /// `2024-01-02T00:00:00.123Z` (`withMilliseconds`) or `2024-01-02T00:00:00Z`.
    public static func iso8601(epochMs ms: Int64, withMilliseconds: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendISO8601(ms, withMilliseconds: withMilliseconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses a time as the importers' time cells and `--from`/`--to` options accept it:
    /// `2024-01-02`, `2024-01-02 09:00[:00[.123]]`, ISO 8601 with `T` and `Z` or `±hh:mm`,
    /// `2024.01.02 09:00`, or epoch seconds (or milliseconds from 100,000,000,000 on).
    /// A time without a zone is local time `UTC + timeZoneOffsetSeconds`. Nil when malformed.
    public static func parse(_ text: String, timeZoneOffsetSeconds: Int = 0) -> Int64? {
        var text = text
        return text.withUTF8 { buffer -> Int64? in
            guard let base = buffer.baseAddress,
                  let time = ByteParsing.flexibleTime(base, buffer.count) else { return nil }
            return time.isUTC ? time.ms : time.ms - Int64(timeZoneOffsetSeconds) * 1000
        }
    }

    @inline(__always)
    static func floorDivide(_ a: Int64, _ b: Int64) -> (quotient: Int64, remainder: Int64) {
        var q = a / b
        var r = a % b
        if r < 0 {
            q -= 1
            r += b
        }
        return (q, r)
    }

    /// Appends the ISO 8601 UTC text of `ms` as UTF-8.
    static func appendISO8601(_ ms: Int64, withMilliseconds: Bool, to out: inout [UInt8]) {
        let (days, msOfDay) = floorDivide(ms, ByteParsing.dayMs)
        let (year, month, day) = ByteParsing.civilFromDays(Int(days))
        if year < 0 || year > 9999 {
            out.append(contentsOf: String(year).utf8)
        } else {
            appendDigits(year, count: 4, to: &out)
        }
        out.append(0x2D)
        appendDigits(month, count: 2, to: &out)
        out.append(0x2D)
        appendDigits(day, count: 2, to: &out)
        out.append(0x54)  // T
        let m = Int(msOfDay)
        appendDigits(m / 3_600_000, count: 2, to: &out)
        out.append(0x3A)
        appendDigits(m / 60_000 % 60, count: 2, to: &out)
        out.append(0x3A)
        appendDigits(m / 1000 % 60, count: 2, to: &out)
        if withMilliseconds {
            out.append(0x2E)
            appendDigits(m % 1000, count: 3, to: &out)
        }
        out.append(0x5A)  // Z
    }

    @inline(__always)
    static func appendDigits(_ value: Int, count: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var v = value
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: 0x30 + v / divisor))
            v %= divisor
            divisor /= 10
        }
    }
}
