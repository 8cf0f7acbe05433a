import TradehubModel

/// The first day of a W1 bar: ISO weeks start on Monday (Tradehub's default); MetaTrader 5's own
/// weekly bars start on Sunday.
public enum WeekStart: String, Sendable, Codable, CaseIterable {
    case monday
    case sunday
}

/// Where the bars of one timeframe begin and end, in a fixed time zone.
///
/// Periods are computed in *local* time (`UTC + timeZoneOffsetSeconds`, e.g. a broker's server
/// time) and reported as the UTC instants of their local boundaries: with an offset of +7200 s
/// the D1 bar of 2024-01-02 opens at `2024-01-01T22:00:00Z`. M1…D1 are fixed-length periods
/// aligned to local midnight, W1 starts on local Monday 00:00 (or Sunday, see `WeekStart`), MN1
/// on the 1st of the local month. Calendar arithmetic is proleptic Gregorian on day numbers
/// (no Foundation `Calendar`), so it is exact for any instant and cheap.
public struct PeriodCalendar: Sendable, Hashable {
    public let timeframe: Timeframe
    /// Local time minus UTC, in seconds (+7200 for UTC+02:00); 0 is UTC.
    public let timeZoneOffsetSeconds: Int
    /// The first day of a W1 period.
    public let weekStart: WeekStart

    let offsetMs: Int64
    let lengthMs: Int64

    static let dayMs: Int64 = 86_400_000

    public init(timeframe: Timeframe, timeZoneOffsetSeconds: Int = 0, weekStart: WeekStart = .monday) {
        self.timeframe = timeframe
        self.timeZoneOffsetSeconds = timeZoneOffsetSeconds
        self.weekStart = weekStart
        offsetMs = Int64(timeZoneOffsetSeconds) * 1000
        lengthMs = Int64(timeframe.nominalSeconds) * 1000
    }

    /// The period holding the instant `timeMs` (UTC ms): `[start, end)`, both UTC ms.
    public func period(containing timeMs: Int64) -> Range<Int64> {
        let local = timeMs + offsetMs
        switch timeframe {
        case .m1, .m5, .m15, .m30, .h1, .h4, .d1:
            let start = Self.floorDiv(local, lengthMs) * lengthMs
            return (start - offsetMs)..<(start + lengthMs - offsetMs)
        case .w1:
            let day = Self.floorDiv(local, Self.dayMs)
            // Day 0 (1970-01-01) was a Thursday: (day + 3) mod 7 is 0 on Mondays, (day + 4) on Sundays.
            let shift: Int64 = weekStart == .monday ? 3 : 4
            let first = day - Self.floorMod(day + shift, 7)
            return (first * Self.dayMs - offsetMs)..<((first + 7) * Self.dayMs - offsetMs)
        case .mn1:
            let day = Self.floorDiv(local, Self.dayMs)
            let date = Self.civil(fromDays: day)
            let first = day - Int64(date.day - 1)
            let next = date.month == 12
                ? Self.days(year: date.year + 1, month: 1, day: 1)
                : Self.days(year: date.year, month: date.month + 1, day: 1)
            return (first * Self.dayMs - offsetMs)..<(next * Self.dayMs - offsetMs)
        }
    }

    /// The UTC instant (ms) at which the period holding `timeMs` opens.
    public func start(containing timeMs: Int64) -> Int64 { period(containing: timeMs).lowerBound }

    // MARK: civil dates

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day number (days since 1970-01-01).
    public static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    /// `2024-01-02T00:00:00Z`, or with `milliseconds` `2024-01-02T00:00:00.123Z`, for a UTC instant in ms.
    public static func iso8601(ms: Int64, milliseconds: Bool = true) -> String {
        let day = floorDiv(ms, dayMs)
        let inDay = ms - day * dayMs
        let date = civil(fromDays: day)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        var text = pad(Int64(date.year), 4) + "-" + pad(Int64(date.month), 2) + "-" + pad(Int64(date.day), 2)
        text += "T" + pad(inDay / 3_600_000, 2) + ":" + pad(inDay / 60000 % 60, 2) + ":" + pad(inDay / 1000 % 60, 2)
        if milliseconds { text += "." + pad(inDay % 1000, 3) }
        return text + "Z"
    }

    @inline(__always)
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    @inline(__always)
    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }
}
