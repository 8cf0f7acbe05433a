/// TA-Lib's near-zero test `TA_IS_ZERO` (`ta_utility.h`), with the `TA_EPSILON` of 1e-14 the
/// 0.8 library uses (older releases used 1e-8).
enum TALibTolerance {
    static let epsilon = 0.000_000_000_000_01

    @inline(__always)
    static func isZero(_ value: Double) -> Bool { -epsilon < value && value < epsilon }
}
