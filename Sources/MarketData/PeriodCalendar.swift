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

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        Int64(ByteParsing.daysFromCivil(year, month, day))
    }

    /// The proleptic Gregorian date of a day number (days since 1970-01-01).
    public static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        ByteParsing.civilFromDays(Int(days))
    }

    /// `2024-01-02T00:00:00Z`, or with `milliseconds` `2024-01-02T00:00:00.123Z`, for a UTC instant in ms.
    public static func iso8601(ms: Int64, milliseconds: Bool = true) -> String {
        MarketTime.iso8601(epochMs: ms, withMilliseconds: milliseconds)
    }

    @inline(__always)
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { MarketTime.floorDivide(a, b).quotient }

    @inline(__always)
    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }
}
