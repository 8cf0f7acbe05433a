extension IndicatorCatalogue {
    /// Moving averages and what is built on them, price transforms, math operators.
    static let averages: [IndicatorFunction] = [
        IndicatorFunction(
            name: "SMA", group: "Overlap Studies", summary: "Simple Moving Average", inputs: [.close],
            parameters: [.period(default: 30)], outputs: ["real"]
        ) { arguments, source in SMA(period: Int(arguments[0]), source: source) },
        IndicatorFunction(
            name: "EMA", group: "Overlap Studies", summary: "Exponential Moving Average", inputs: [.close],
            parameters: [.period(default: 30, min: 1)], outputs: ["real"]
        ) { arguments, source in EMA(period: Int(arguments[0]), source: source) },
        IndicatorFunction(
            name: "WMA", group: "Overlap Studies", summary: "Weighted Moving Average", inputs: [.close],
            parameters: [.period(default: 30, min: 1)], outputs: ["real"]
        ) { arguments, source in WMA(period: Int(arguments[0]), source: source) },
        IndicatorFunction(
            name: "DEMA", group: "Overlap Studies", summary: "Double Exponential Moving Average", inputs: [.close],
            parameters: [.period(default: 30, min: 1)], outputs: ["real"]
        ) { arguments, source in DEMA(period: Int(arguments[0]), source: source) },
        IndicatorFunction(
            name: "TEMA", group: "Overlap Studies", summary: "Triple Exponential Moving Average", inputs: [.close],
            parameters: [.period(default: 30, min: 1)], outputs: ["real"]
        ) { arguments, source in TEMA(period: Int(arguments[0]), source: source) },
        IndicatorFunction(
            name: "TRIMA", group: "Overlap Studies", summary: "Triangular Moving Average", inputs: [.close],
            parameters: [.period(default: 30, min: 1)], outputs: ["real"]
        ) { arguments, source in TRIMA(period: Int(arguments[0]), source: source) },
        IndicatorFunction(
            name: "KAMA", group: "Overlap Studies", summary: "Kaufman Adaptive Moving Average", inputs: [.close],
            parameters: [.period(default: 30, min: 1)], outputs: ["real"]
        ) { arguments, source in KAMA(period: Int(arguments[0]), source: source) },
        IndicatorFunction(
            name: "T3", group: "Overlap Studies", summary: "Triple Exponential Moving Average (T3)", inputs: [.close],
            parameters: [.period(default: 5, min: 1), IndicatorParameter("vfactor", default: 0.7, 0...1, integer: false)],
            outputs: ["real"]
        ) { arguments, source in T3(period: Int(arguments[0]), volumeFactor: arguments[1], source: source) },
        IndicatorFunction(
            name: "MA", group: "Overlap Studies", summary: "Moving average", inputs: [.close],
            parameters: [.period(default: 30, min: 1), .maType()], outputs: ["real"]
        ) { arguments, source in
            MovingAverage(period: Int(arguments[0]), type: .checked(arguments[1]), source: source)
        },
        IndicatorFunction(
            name: "BBANDS", group: "Overlap Studies", summary: "Bollinger Bands", inputs: [.close],
            parameters: [
                .period(default: 20),
                IndicatorParameter("nbdevup", default: 2, -3e37...3e37, integer: false),
                IndicatorParameter("nbdevdn", default: 2, -3e37...3e37, integer: false),
                .maType(),
            ],
            outputs: ["upperband", "middleband", "lowerband"]
        ) { arguments, source in
            BBANDS(
                period: Int(arguments[0]), deviationsUp: arguments[1], deviationsDown: arguments[2],
                type: .checked(arguments[3]), source: source)
        },
        IndicatorFunction(
            name: "MIDPOINT", group: "Overlap Studies", summary: "MidPoint over period", inputs: [.close],
            parameters: [.period(default: 14)], outputs: ["real"]
        ) { arguments, source in MIDPOINT(period: Int(arguments[0]), source: source) },
        IndicatorFunction(
            name: "MIDPRICE", group: "Overlap Studies", summary: "Midpoint Price over period", inputs: [.high, .low],
            parameters: [.period(default: 14)], outputs: ["real"]
        ) { arguments, _ in MIDPRICE(period: Int(arguments[0])) },
        IndicatorFunction(
            name: "MACD", group: "Momentum Indicators", summary: "Moving Average Convergence/Divergence", inputs: [.close],
            parameters: [
                .period("fastperiod", default: 12), .period("slowperiod", default: 26),
                .period("signalperiod", default: 9, min: 1),
            ],
            outputs: ["macd", "macdsignal", "macdhist"]
        ) { arguments, source in
            MACD(
                fastPeriod: Int(arguments[0]), slowPeriod: Int(arguments[1]), signalPeriod: Int(arguments[2]),
                source: source)
        },
        IndicatorFunction(
            name: "APO", group: "Momentum Indicators", summary: "Absolute Price Oscillator", inputs: [.close],
            parameters: [.period("fastperiod", default: 12), .period("slowperiod", default: 26), .maType(default: 1)],
            outputs: ["real"]
        ) { arguments, source in
            PriceOscillator(
                fastPeriod: Int(arguments[0]), slowPeriod: Int(arguments[1]), type: .checked(arguments[2]),
                output: .absolute, source: source)
        },
        IndicatorFunction(
            name: "PPO", group: "Momentum Indicators", summary: "Percentage Price Oscillator", inputs: [.close],
            parameters: [.period("fastperiod", default: 12), .period("slowperiod", default: 26), .maType(default: 1)],
            outputs: ["real"]
        ) { arguments, source in
            PriceOscillator(
                fastPeriod: Int(arguments[0]), slowPeriod: Int(arguments[1]), type: .checked(arguments[2]),
                output: .percentage, source: source)
        },
        IndicatorFunction(
            name: "STOCH", group: "Momentum Indicators", summary: "Stochastic", inputs: [.high, .low, .close],
            parameters: [
                .period("fastk_period", default: 5, min: 1), .period("slowk_period", default: 3, min: 1),
                .maType("slowk_matype"), .period("slowd_period", default: 3, min: 1), .maType("slowd_matype"),
            ],
            outputs: ["slowk", "slowd"]
        ) { arguments, _ in
            STOCH(
                fastKPeriod: Int(arguments[0]), slowKPeriod: Int(arguments[1]), slowKType: .checked(arguments[2]),
                slowDPeriod: Int(arguments[3]), slowDType: .checked(arguments[4]))
        },
        IndicatorFunction(
            name: "STOCHF", group: "Momentum Indicators", summary: "Stochastic Fast", inputs: [.high, .low, .close],
            parameters: [
                .period("fastk_period", default: 5, min: 1), .period("fastd_period", default: 3, min: 1),
                .maType("fastd_matype"),
            ],
            outputs: ["fastk", "fastd"]
        ) { arguments, _ in
            STOCHF(fastKPeriod: Int(arguments[0]), fastDPeriod: Int(arguments[1]), fastDType: .checked(arguments[2]))
        },
        IndicatorFunction(
            name: "STOCHRSI", group: "Momentum Indicators", summary: "Stochastic Relative Strength Index",
            inputs: [.close],
            parameters: [
                .period(default: 14), .period("fastk_period", default: 5, min: 1),
                .period("fastd_period", default: 3, min: 1), .maType("fastd_matype"),
            ],
            outputs: ["fastk", "fastd"]
        ) { arguments, source in
            STOCHRSI(
                period: Int(arguments[0]), fastKPeriod: Int(arguments[1]), fastDPeriod: Int(arguments[2]),
                fastDType: .checked(arguments[3]), source: source)
        },
        IndicatorFunction(
            name: "RSI", group: "Momentum Indicators", summary: "Relative Strength Index", inputs: [.close],
            parameters: [.period(default: 14)], outputs: ["real"]
        ) { arguments, source in RSI(period: Int(arguments[0]), source: source) },
        IndicatorFunction(
            name: "TRIX", group: "Momentum Indicators", summary: "1-day Rate-Of-Change (ROC) of a Triple Smooth EMA",
            inputs: [.close], parameters: [.period(default: 30, min: 1)], outputs: ["real"]
        ) { arguments, source in TRIX(period: Int(arguments[0]), source: source) },
        IndicatorFunction(
            name: "AD", group: "Volume Indicators", summary: "Chaikin A/D Line", inputs: [.high, .low, .close, .volume],
            parameters: [], outputs: ["real"]
        ) { _, _ in AD() },
        IndicatorFunction(
            name: "ADOSC", group: "Volume Indicators", summary: "Chaikin A/D Oscillator",
            inputs: [.high, .low, .close, .volume],
            parameters: [.period("fastperiod", default: 3), .period("slowperiod", default: 10)], outputs: ["real"]
        ) { arguments, _ in ADOSC(fastPeriod: Int(arguments[0]), slowPeriod: Int(arguments[1])) },
        IndicatorFunction(
            name: "AVGPRICE", group: "Price Transform", summary: "Average Price", inputs: [.open, .high, .low, .close],
            parameters: [], outputs: ["real"]
        ) { _, _ in AVGPRICE() },
        IndicatorFunction(
            name: "MEDPRICE", group: "Price Transform", summary: "Median Price", inputs: [.high, .low],
            parameters: [], outputs: ["real"]
        ) { _, _ in MEDPRICE() },
        IndicatorFunction(
            name: "TYPPRICE", group: "Price Transform", summary: "Typical Price", inputs: [.high, .low, .close],
            parameters: [], outputs: ["real"]
        ) { _, _ in TYPPRICE() },
        IndicatorFunction(
            name: "WCLPRICE", group: "Price Transform", summary: "Weighted Close Price", inputs: [.high, .low, .close],
            parameters: [], outputs: ["real"]
        ) { _, _ in WCLPRICE() },
        IndicatorFunction(
            name: "MAX", group: "Math Operators", summary: "Highest value over a specified period", inputs: [.close],
            parameters: [.period(default: 30)], outputs: ["real"]
        ) { arguments, source in MAX(period: Int(arguments[0]), source: source) },
        IndicatorFunction(
            name: "MIN", group: "Math Operators", summary: "Lowest value over a specified period", inputs: [.close],
            parameters: [.period(default: 30)], outputs: ["real"]
        ) { arguments, source in MIN(period: Int(arguments[0]), source: source) },
        IndicatorFunction(
            name: "SUM", group: "Math Operators", summary: "Summation", inputs: [.close],
            parameters: [.period(default: 30)], outputs: ["real"]
        ) { arguments, source in SUM(period: Int(arguments[0]), source: source) },
    ]
}
