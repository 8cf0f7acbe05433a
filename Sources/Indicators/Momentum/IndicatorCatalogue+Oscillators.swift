extension IndicatorCatalogue {
    /// Oscillators, directional movement, volume and volatility indicators, statistics.
    static let oscillators: [IndicatorFunction] = {
        let momentum = "Momentum Indicators"
        let statistics = "Statistic Functions"
        let volatility = "Volatility Indicators"
        let hlc: [PriceSource] = [.high, .low, .close]
        let hl: [PriceSource] = [.high, .low]
        let real = ["real"]
        // TA-Lib's range for real-valued arguments (TA_REAL_MIN…TA_REAL_MAX).
        let realRange: ClosedRange<Double> = -3e37...3e37
        func period(_ value: Int, min: Int = 2) -> [IndicatorParameter] { [.period(default: value, min: min)] }
        return [
            IndicatorFunction(
                name: "SAR", group: "Overlap Studies", summary: "Parabolic SAR", inputs: hl,
                parameters: [
                    IndicatorParameter("acceleration", default: 0.02, 0...3e37, integer: false),
                    IndicatorParameter("maximum", default: 0.2, 0...3e37, integer: false),
                ], outputs: real
            ) { arguments, _ in SAR(acceleration: arguments[0], maximum: arguments[1]) },
            IndicatorFunction(
                name: "WILLR", group: momentum, summary: "Williams' %R", inputs: hlc, parameters: period(14), outputs: real
            ) { arguments, _ in WILLR(period: Int(arguments[0])) },
            IndicatorFunction(
                name: "CCI", group: momentum, summary: "Commodity Channel Index", inputs: hlc, parameters: period(14),
                outputs: real
            ) { arguments, _ in CCI(period: Int(arguments[0])) },
            IndicatorFunction(
                name: "CMO", group: momentum, summary: "Chande Momentum Oscillator", inputs: [.close],
                parameters: period(14), outputs: real
            ) { arguments, source in CMO(period: Int(arguments[0]), source: source) },
            IndicatorFunction(
                name: "MOM", group: momentum, summary: "Momentum", inputs: [.close], parameters: period(10, min: 1),
                outputs: real
            ) { arguments, source in RateOfChange(period: Int(arguments[0]), formula: .difference, source: source) },
            IndicatorFunction(
                name: "ROC", group: momentum, summary: "Rate of change : ((price/prevPrice)-1)*100", inputs: [.close],
                parameters: period(10, min: 1), outputs: real
            ) { arguments, source in RateOfChange(period: Int(arguments[0]), formula: .percent, source: source) },
            IndicatorFunction(
                name: "ROCP", group: momentum, summary: "Rate of change Percentage: (price-prevPrice)/prevPrice",
                inputs: [.close], parameters: period(10, min: 1), outputs: real
            ) { arguments, source in RateOfChange(period: Int(arguments[0]), formula: .fraction, source: source) },
            IndicatorFunction(
                name: "ROCR", group: momentum, summary: "Rate of change ratio: (price/prevPrice)", inputs: [.close],
                parameters: period(10, min: 1), outputs: real
            ) { arguments, source in RateOfChange(period: Int(arguments[0]), formula: .ratio, source: source) },
            IndicatorFunction(
                name: "ULTOSC", group: momentum, summary: "Ultimate Oscillator", inputs: hlc,
                parameters: [
                    .period("timeperiod1", default: 7, min: 1), .period("timeperiod2", default: 14, min: 1),
                    .period("timeperiod3", default: 28, min: 1),
                ], outputs: real
            ) { arguments, _ in
                ULTOSC(period1: Int(arguments[0]), period2: Int(arguments[1]), period3: Int(arguments[2]))
            },
            IndicatorFunction(
                name: "ADX", group: momentum, summary: "Average Directional Movement Index", inputs: hlc,
                parameters: period(14), outputs: real
            ) { arguments, _ in ADX(period: Int(arguments[0])) },
            IndicatorFunction(
                name: "ADXR", group: momentum, summary: "Average Directional Movement Index Rating", inputs: hlc,
                parameters: period(14), outputs: real
            ) { arguments, _ in ADXR(period: Int(arguments[0])) },
            IndicatorFunction(
                name: "DX", group: momentum, summary: "Directional Movement Index", inputs: hlc, parameters: period(14),
                outputs: real
            ) { arguments, _ in DX(period: Int(arguments[0])) },
            IndicatorFunction(
                name: "PLUS_DI", group: momentum, summary: "Plus Directional Indicator", inputs: hlc,
                parameters: period(14, min: 1), outputs: real
            ) { arguments, _ in DirectionalIndicator(period: Int(arguments[0]), direction: .plus) },
            IndicatorFunction(
                name: "MINUS_DI", group: momentum, summary: "Minus Directional Indicator", inputs: hlc,
                parameters: period(14, min: 1), outputs: real
            ) { arguments, _ in DirectionalIndicator(period: Int(arguments[0]), direction: .minus) },
            IndicatorFunction(
                name: "PLUS_DM", group: momentum, summary: "Plus Directional Movement", inputs: hl,
                parameters: period(14, min: 1), outputs: real
            ) { arguments, _ in DirectionalMovement(period: Int(arguments[0]), direction: .plus) },
            IndicatorFunction(
                name: "MINUS_DM", group: momentum, summary: "Minus Directional Movement", inputs: hl,
                parameters: period(14, min: 1), outputs: real
            ) { arguments, _ in DirectionalMovement(period: Int(arguments[0]), direction: .minus) },
            IndicatorFunction(
                name: "AROON", group: momentum, summary: "Aroon", inputs: hl, parameters: period(14),
                outputs: ["aroondown", "aroonup"]
            ) { arguments, _ in AROON(period: Int(arguments[0])) },
            IndicatorFunction(
                name: "AROONOSC", group: momentum, summary: "Aroon Oscillator", inputs: hl, parameters: period(14),
                outputs: real
            ) { arguments, _ in AROONOSC(period: Int(arguments[0])) },
            IndicatorFunction(
                name: "BOP", group: momentum, summary: "Balance Of Power", inputs: [.open, .high, .low, .close],
                parameters: [], outputs: real
            ) { _, _ in BOP() },
            IndicatorFunction(
                name: "MFI", group: momentum, summary: "Money Flow Index", inputs: [.high, .low, .close, .volume],
                parameters: period(14), outputs: real
            ) { arguments, _ in MFI(period: Int(arguments[0])) },
            IndicatorFunction(
                name: "OBV", group: "Volume Indicators", summary: "On Balance Volume", inputs: [.close, .volume],
                parameters: [], outputs: real
            ) { _, _ in OBV() },
            IndicatorFunction(
                name: "ATR", group: volatility, summary: "Average True Range", inputs: hlc,
                parameters: period(14, min: 1), outputs: real
            ) { arguments, _ in ATR(period: Int(arguments[0])) },
            IndicatorFunction(
                name: "NATR", group: volatility, summary: "Normalized Average True Range", inputs: hlc,
                parameters: period(14, min: 1), outputs: real
            ) { arguments, _ in NATR(period: Int(arguments[0])) },
            IndicatorFunction(
                name: "TRANGE", group: volatility, summary: "True Range", inputs: hlc, parameters: [], outputs: real
            ) { _, _ in TRANGE() },
            IndicatorFunction(
                name: "STDDEV", group: statistics, summary: "Standard Deviation", inputs: [.close],
                parameters: [
                    .period(default: 5), IndicatorParameter("nbdev", default: 1, realRange, integer: false),
                ], outputs: real
            ) { arguments, source in STDDEV(period: Int(arguments[0]), nbdev: arguments[1], source: source) },
            IndicatorFunction(
                name: "VAR", group: statistics, summary: "Variance", inputs: [.close],
                parameters: [
                    .period(default: 5, min: 1), IndicatorParameter("nbdev", default: 1, realRange, integer: false),
                ], outputs: real
            ) { arguments, source in VAR(period: Int(arguments[0]), nbdev: arguments[1], source: source) },
            IndicatorFunction(
                name: "LINEARREG", group: statistics, summary: "Linear Regression", inputs: [.close],
                parameters: period(14), outputs: real
            ) { arguments, source in LinearRegression(period: Int(arguments[0]), output: .value, source: source) },
            IndicatorFunction(
                name: "LINEARREG_SLOPE", group: statistics, summary: "Linear Regression Slope", inputs: [.close],
                parameters: period(14), outputs: real
            ) { arguments, source in LinearRegression(period: Int(arguments[0]), output: .slope, source: source) },
            IndicatorFunction(
                name: "LINEARREG_ANGLE", group: statistics, summary: "Linear Regression Angle", inputs: [.close],
                parameters: period(14), outputs: real
            ) { arguments, source in LinearRegression(period: Int(arguments[0]), output: .angle, source: source) },
            IndicatorFunction(
                name: "LINEARREG_INTERCEPT", group: statistics, summary: "Linear Regression Intercept", inputs: [.close],
                parameters: period(14), outputs: real
            ) { arguments, source in LinearRegression(period: Int(arguments[0]), output: .intercept, source: source) },
            IndicatorFunction(
                name: "TSF", group: statistics, summary: "Time Series Forecast", inputs: [.close], parameters: period(14),
                outputs: real
            ) { arguments, source in LinearRegression(period: Int(arguments[0]), output: .forecast, source: source) },
        ]
    }()
}
