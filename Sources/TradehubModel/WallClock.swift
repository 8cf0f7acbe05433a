#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The source of "now" in UTC milliseconds; live code uses the system clock, tests and
/// backtests a clock they control.
public protocol WallClock: Sendable {
    /// Milliseconds since the Unix epoch, UTC.
    func nowMs() -> Int64
}

/// The operating system's real-time clock.
public struct SystemWallClock: WallClock {
    public init() {}

    public func nowMs() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}

/// A clock frozen at a given instant, for tests and reproducible runs.
public struct FixedWallClock: WallClock {
    public let instantMs: Int64

    public init(instantMs: Int64) { self.instantMs = instantMs }

    public func nowMs() -> Int64 { instantMs }
}
