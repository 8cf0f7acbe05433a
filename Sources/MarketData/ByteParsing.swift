/// Byte-level parsers behind the importers: numbers, integers and the time shapes of every
/// supported format, working on UTF-8 bytes without allocating.
///
/// They accept exactly what `StrictNumber` accepts (a plain decimal: optional sign, digits with at
/// most one point, optional exponent), and give the same, correctly rounded `Double` as
/// `Double(String)`: the common case (at most 19 significant digits and a small exponent) is
/// computed exactly here, anything else is handed to the standard library.
enum ByteParsing {
    /// Milliseconds in a day.
    static let dayMs: Int64 = 86_400_000

    // MARK: numbers

    /// A strict decimal number, or nil when the bytes are not one (`1.09x66`, `nan`, `0x1p3`, `""`).
    @inline(__always)
    static func double(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        var i = 0
        var negative = false
        if n > 0, p[0] == 0x2D || p[0] == 0x2B {
            negative = p[0] == 0x2D
            i = 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var sawDigit = false
        var truncated = false
        while i < n {
            let d = p[i] &- 0x30
            if d > 9 { break }
            sawDigit = true
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                if mantissa != 0 { significant += 1 }
            } else {
                exponent += 1
                if d != 0 { truncated = true }
            }
            i += 1
        }
        if i < n, p[i] == 0x2E {
            i += 1
            while i < n {
                let d = p[i] &- 0x30
                if d > 9 { break }
                sawDigit = true
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    if mantissa != 0 { significant += 1 }
                    exponent -= 1
                } else if d != 0 {
                    truncated = true
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < n, p[i] | 0x20 == 0x65 {  // e or E
            i += 1
            var exponentNegative = false
            if i < n, p[i] == 0x2D || p[i] == 0x2B {
                exponentNegative = p[i] == 0x2D
                i += 1
            }
            var value = 0
            var sawExponentDigit = false
            while i < n {
                let d = p[i] &- 0x30
                if d > 9 { break }
                sawExponentDigit = true
                if value < 100_000 { value = value * 10 + Int(d) }
                i += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += exponentNegative ? -value : value
        }
        guard i == n else { return nil }
        if !truncated, mantissa <= 9_007_199_254_740_992 {
            if mantissa == 0 { return negative ? -0.0 : 0.0 }
            if exponent >= -22, exponent <= 22 {
                // Both operands are exact doubles, so one IEEE operation rounds correctly (Clinger).
                let m = Double(mantissa)
                let value = exponent < 0 ? m / powerOfTen(-exponent) : m * powerOfTen(exponent)
                return negative ? -value : value
            }
        }
        let text = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    @inline(__always)
    static func powerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// A whole number: optional sign and 1…18 digits.
    @inline(__always)
    static func int64(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        var i = 0
        var negative = false
        if n > 0, p[0] == 0x2D || p[0] == 0x2B {
            negative = p[0] == 0x2D
            i = 1
        }
        guard n > i, n - i <= 18 else { return nil }
        var value: Int64 = 0
        while i < n {
            let d = p[i] &- 0x30
            if d > 9 { return nil }
            value = value &* 10 &+ Int64(d)
            i += 1
        }
        return negative ? -value : value
    }

    /// A whole number, also written as a decimal with a zero fraction (`12.0`, as pandas writes).
    @inline(__always)
    static func integral(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        if let value = int64(p, n) { return value }
        guard let value = double(p, n), value == value.rounded(), abs(value) < 9e15 else { return nil }
        return Int64(value)
    }

    // MARK: calendar

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    @inline(__always)
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    @inline(__always)
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    @inline(__always)
    static func isValidDate(_ year: Int, _ month: Int, _ day: Int) -> Bool {
        guard month >= 1, month <= 12, day >= 1 else { return false }
        if day <= 28 { return true }
        switch month {
        case 2: return day == 29 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
        case 4, 6, 9, 11: return day <= 30
        default: return day <= 31
        }
    }

    /// Two ASCII digits at `p[i]`, or -1.
    @inline(__always)
    static func two(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int {
        let a = p[i] &- 0x30, b = p[i + 1] &- 0x30
        if a > 9 || b > 9 { return -1 }
        return Int(a) * 10 + Int(b)
    }

    /// Four ASCII digits at `p[i]`, or -1.
    @inline(__always)
    static func four(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int {
        let hi = two(p, i), lo = two(p, i + 2)
        if hi < 0 || lo < 0 { return -1 }
        return hi * 100 + lo
    }

    /// Epoch days of `YYYY?MM?DD` where `?` is `.`, `-` or `/` (the same one twice), or nil.
    @inline(__always)
    static func separatedDate(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard n == 10 else { return nil }
        let s = p[4]
        guard s == 0x2E || s == 0x2D || s == 0x2F, p[7] == s else { return nil }
        let year = four(p, 0), month = two(p, 5), day = two(p, 8)
        guard year >= 0, isValidDate(year, month, day) else { return nil }
        return Int64(daysFromCivil(year, month, day))
    }

    /// Epoch days of `YYYYMMDD`, or nil.
    @inline(__always)
    static func compactDate(_ p: UnsafePointer<UInt8>) -> Int64? {
        let year = four(p, 0), month = two(p, 4), day = two(p, 6)
        guard year >= 0, isValidDate(year, month, day) else { return nil }
        return Int64(daysFromCivil(year, month, day))
    }

    /// Milliseconds of `HH:MM`, `HH:MM:SS` or `HH:MM:SS.f…` (the fraction's first three digits count,
    /// further digits must be digits and are dropped), or nil.
    @inline(__always)
    static func timeOfDay(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard n >= 5, p[2] == 0x3A else { return nil }
        let hour = two(p, 0), minute = two(p, 3)
        guard hour >= 0, hour < 24, minute >= 0, minute < 60 else { return nil }
        var ms = Int64(hour * 3_600_000 + minute * 60_000)
        if n == 5 { return ms }
        guard n >= 8, p[5] == 0x3A else { return nil }
        let second = two(p, 6)
        guard second >= 0, second < 60 else { return nil }
        ms += Int64(second * 1000)
        if n == 8 { return ms }
        guard n >= 10, p[8] == 0x2E || p[8] == 0x2C else { return nil }
        guard let fraction = fractionMs(p + 9, n - 9) else { return nil }
        return ms + fraction
    }

    /// Milliseconds of a decimal fraction's digits (`1` → 100, `123456` → 123), or nil.
    @inline(__always)
    static func fractionMs(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard n >= 1, n <= 9 else { return nil }
        var value: Int64 = 0
        for i in 0..<n {
            let d = p[i] &- 0x30
            if d > 9 { return nil }
            if i < 3 { value = value * 10 + Int64(d) }
        }
        if n == 1 { value *= 100 } else if n == 2 { value *= 10 }
        return value
    }

    /// `HHMMSS` (6 bytes) or `HHMMSSfff` (9 bytes) as milliseconds, or nil (histdata's shape).
    @inline(__always)
    static func compactTimeOfDay(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard n == 6 || n == 9 else { return nil }
        let hour = two(p, 0), minute = two(p, 2), second = two(p, 4)
        guard hour >= 0, hour < 24, minute >= 0, minute < 60, second >= 0, second < 60 else { return nil }
        var ms = Int64(hour * 3_600_000 + minute * 60_000 + second * 1000)
        if n == 9 {
            let a = p[6] &- 0x30, b = p[7] &- 0x30, c = p[8] &- 0x30
            guard a <= 9, b <= 9, c <= 9 else { return nil }
            ms += Int64(a) * 100 + Int64(b) * 10 + Int64(c)
        }
        return ms
    }

    /// histdata's `YYYYMMDD HHMMSS` / `YYYYMMDD HHMMSSfff` as local milliseconds, or nil.
    @inline(__always)
    static func histdataTime(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard n == 15 || n == 18, p[8] == 0x20, let days = compactDate(p),
              let ms = compactTimeOfDay(p + 9, n - 9) else { return nil }
        return days * dayMs + ms
    }

    /// The result of reading a free-form time cell.
    struct FlexibleTime {
        /// Milliseconds: UTC when `isUTC`, otherwise local wall-clock time.
        var ms: Int64
        /// Whether the text fixed the zone (`Z`, `+02:00`, epoch numbers).
        var isUTC: Bool
    }

    /// A time cell as `ohlcv` and `ticks-csv` files write it: `2024-01-02`, `2024-01-02 09:00[:00[.123]]`,
    /// ISO 8601 with `T` and `Z` or `±hh[:mm]`, `2024.01.02 09:00`, or epoch seconds or
    /// milliseconds (an integer from 100,000,000,000 on is milliseconds, ~1973-03 in ms).
    static func flexibleTime(_ p: UnsafePointer<UInt8>, _ n: Int) -> FlexibleTime? {
        guard n >= 1 else { return nil }
        if n >= 10, p[4] == 0x2D || p[4] == 0x2E || p[4] == 0x2F {
            guard let days = separatedDate(p, 10) else { return nil }
            var ms = days * dayMs
            if n == 10 { return FlexibleTime(ms: ms, isUTC: false) }
            let separator = p[10] | 0x20
            guard separator == 0x74 || separator == 0x20, n > 11 else {  // 't' or ' '
                if n == 11, p[10] | 0x20 == 0x7A { return FlexibleTime(ms: ms, isUTC: true) }  // "2024-01-02Z"
                return nil
            }
            let rest = p + 11
            var end = n - 11
            // zone suffix
            var zoneMs: Int64? = nil
            if rest[end - 1] | 0x20 == 0x7A {  // z
                zoneMs = 0
                end -= 1
            } else if end > 8 {
                // find a '+' or '-' after the time's first 5 bytes
                var j = 5
                while j < end, rest[j] != 0x2B, rest[j] != 0x2D { j += 1 }
                if j < end {
                    let sign: Int64 = rest[j] == 0x2D ? -1 : 1
                    let zone = rest + j + 1, zn = end - j - 1
                    let hours: Int, minutes: Int
                    if zn == 2 {
                        hours = two(zone, 0)
                        minutes = 0
                    } else if zn == 4 {
                        hours = two(zone, 0)
                        minutes = two(zone, 2)
                    } else if zn == 5, zone[2] == 0x3A {
                        hours = two(zone, 0)
                        minutes = two(zone, 3)
                    } else {
                        return nil
                    }
                    guard hours >= 0, hours <= 23, minutes >= 0, minutes < 60 else { return nil }
                    zoneMs = sign * Int64(hours * 3_600_000 + minutes * 60_000)
                    end = j
                }
            }
            guard let timeMs = timeOfDay(rest, end) else { return nil }
            ms += timeMs
            if let zoneMs { return FlexibleTime(ms: ms - zoneMs, isUTC: true) }
            return FlexibleTime(ms: ms, isUTC: false)
        }
        // epoch seconds or milliseconds, optionally seconds with a fraction
        var dot = -1
        for i in 0..<n where p[i] == 0x2E {
            dot = i
            break
        }
        if dot >= 0 {
            guard let seconds = int64(p, dot), let fraction = fractionMs(p + dot + 1, n - dot - 1) else { return nil }
            let negative = p[0] == 0x2D
            return FlexibleTime(ms: seconds * 1000 + (negative ? -fraction : fraction), isUTC: true)
        }
        guard let value = int64(p, n) else { return nil }
        let ms = abs(value) >= 100_000_000_000 ? value : value * 1000
        return FlexibleTime(ms: ms, isUTC: true)
    }
}

extension StrictNumber {
    /// `parse(_:)` on UTF-8 bytes without making a String: the same strictness and the same
    /// correctly rounded value, for hot loops (importers, the bridge protocol).
    @inline(__always)
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = bytes.baseAddress else { return nil }
        return ByteParsing.double(base, bytes.count)
    }
}
