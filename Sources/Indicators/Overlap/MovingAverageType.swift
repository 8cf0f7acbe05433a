import ErrorDNA

/// TA-Lib's moving-average types (`TA_MAType`, the `matype` arguments), by TA-Lib's codes.
///
/// Code 7 (MAMA, the MESA adaptive average) is not implemented: every `matype` argument refuses
/// it with `E_INDICATOR_ARGUMENT_RANGE`. TA-Lib 0.8 also knows codes 9…13, which are outside the
/// range Tradehub accepts.
public enum MovingAverageType: Int, Sendable, CaseIterable {
    case sma = 0
    case ema = 1
    case wma = 2
    case dema = 3
    case tema = 4
    case trima = 5
    case kama = 6
    case t3 = 8

    /// TA-Lib's code for MAMA, which Tradehub refuses.
    public static let mamaCode = 7

    /// The type for a `matype` argument; MAMA (7) and codes outside 0…8 throw
    /// `E_INDICATOR_ARGUMENT_RANGE`, naming `spec` and `parameter`.
    public init(code: Int, spec: String = "MA", parameter: String = "matype") throws {
        guard let type = MovingAverageType(rawValue: code) else {
            throw TradehubError(.indicatorArgumentRange, [
                "spec": spec, "parameter": parameter, "value": String(code),
                "allowed": "a whole number 0…8 except \(Self.mamaCode) (MAMA is not supported)",
            ])
        }
        self = type
    }

    /// The type for an argument the catalogue has already checked against `IndicatorParameter.maType`.
    static func checked(_ argument: Double) -> MovingAverageType {
        guard let type = MovingAverageType(rawValue: Int(argument)) else {
            preconditionFailure("matype \(argument) passed the catalogue's range check")
        }
        return type
    }

    /// TA-Lib's lookback of this average over `period` (0 for a period of 1, which TA-Lib's `MA`
    /// answers with the input unchanged).
    public func lookback(period: Int) -> Int {
        guard period > 1 else { return 0 }
        switch self {
        case .sma, .ema, .wma, .trima: return period - 1
        case .dema: return 2 * (period - 1)
        case .tema: return 3 * (period - 1)
        case .kama: return period
        case .t3: return 6 * (period - 1)
        }
    }
}
