import ErrorDNA
import Features
import Testing
import TradehubModel

@Suite("feature specs")
struct FeatureSpecTests {
    @Test("canonical text fills defaults, uses catalogue names, drops spaces", arguments: [
        ("rsi", "RSI(14)"), ("RSI( 14 )", "RSI(14)"), ("macd.MACDSignal", "MACD(12,26,9).macdsignal"),
        ("BBANDS(20,2.5)", "BBANDS(20,2.5,2,0)"), ("BOP", "BOP"), ("Return(3)", "return(3)"),
        ("lag( rsi , 2 )", "lag(RSI(14),2)"), ("RSI(14)@h4", "RSI(14)@H4"), ("return(1)@D1", "return(1)@D1"),
        ("lag(ATR(14)@H4,3)", "lag(ATR(14)@H4,3)"), ("lag(lag(return(1),1),2)", "lag(lag(return(1),1),2)"),
        ("hour()", "hour()"), ("DOW", "dow()"), ("spread()", "spread()"), ("RSI(14).real", "RSI(14)"),
    ])
    func canonical(text: String, expected: String) throws {
        #expect(try FeatureSpec(parsing: text).canonical == expected)
    }

    @Test("a multi-output function is one column per output, also under a lag and a timeframe")
    func expansion() throws {
        let set = try FeatureSet(parsing: "MACD,lag(BBANDS(20)@H4,1),RSI(14)")
        #expect(set.names == [
            "MACD(12,26,9).macd", "MACD(12,26,9).macdsignal", "MACD(12,26,9).macdhist",
            "lag(BBANDS(20,2,2,0).upperband@H4,1)", "lag(BBANDS(20,2,2,0).middleband@H4,1)",
            "lag(BBANDS(20,2,2,0).lowerband@H4,1)", "RSI(14)",
        ])
        #expect(set.timeframes == [.h4])
        #expect(!set.readsSpread && !set.readsVolume)
        #expect(try FeatureSet(parsing: "lag(spread(),1),OBV").readsSpread)
        #expect(try FeatureSet(parsing: "lag(spread(),1),OBV").readsVolume)
    }

    @Test("a feature that would read the future, or nothing, cannot be declared", arguments: [
        "lag(RSI(14),-1)", "lag(RSI(14),0)", "return(-3)", "return(0)", "lag(RSI(14),1.5)", "return(x)",
    ])
    func noFuture(text: String) throws {
        let error = try #require(thrown { _ = try FeatureSpec(parsing: text) })
        #expect(error.code == .featureSyntax)
        #expect(error.message.contains(text))
    }

    @Test("malformed specs name the problem", arguments: [
        ("RSI(14)@H5", ErrorCode.featureSyntax), ("lag(RSI(14))", .featureSyntax), ("lag(RSI,2)@H4", .featureSyntax),
        ("hour(3)", .featureSyntax), ("hour()@H4", .featureSyntax), ("MACD.nope", .featureSyntax), ("", .featureSyntax),
        ("NOPE(3)", .indicatorUnknown), ("RSI(1)", .indicatorArgumentRange), ("RSI(14", .indicatorSyntax),
        ("RSI,rsi(14)", .featureSyntax),
    ])
    func malformed(text: String, code: ErrorCode) throws {
        let error = try #require(thrown { _ = try FeatureSet(parsing: text) })
        #expect(error.code == code, "\(error)")
    }

    @Test("the hash is SHA-256 of the canonical column list, the same however the set is written")
    func hash() throws {
        let a = try FeatureSet(parsing: "rsi, MACD")
        let b = try FeatureSet(parsing: "RSI(14),MACD.macd,MACD.macdsignal,MACD.macdhist")
        #expect(a.canonical == "RSI(14),MACD(12,26,9).macd,MACD(12,26,9).macdsignal,MACD(12,26,9).macdhist")
        #expect(a.hash == b.hash)
        #expect(try FeatureSet(parsing: "RSI(14)").hash == "65458c783734b03a2329117b8ad62909d2974c65810fb0b54ba29bb5d3f536ae")
        #expect(try FeatureSet(parsing: "RSI(15)").hash != a.hash)
    }

    @Test("file declarations report the declaration's source and the feature")
    func declarations() throws {
        let error = try #require(thrown {
            _ = try FeatureSet(declarations: [
                FeatureDeclaration(text: "RSI(14)", source: "f.toml:2"),
                FeatureDeclaration(text: "lag(RSI(14),-2)", source: "f.toml:3"),
            ])
        })
        #expect(error.code == .featureFile)
        #expect(error.message.hasPrefix("f.toml:3: feature 'lag(RSI(14),-2)'"))
        let duplicate = try #require(thrown {
            _ = try FeatureSet(declarations: [
                FeatureDeclaration(text: "RSI(14)", source: "f.toml:2"), FeatureDeclaration(text: "rsi", source: "f.toml:5"),
            ])
        })
        #expect(duplicate.code == .featureFile)
        #expect(duplicate.message.hasPrefix("f.toml:5:"))
    }
}

/// The `TradehubError` `body` throws, or nil.
func thrown(_ body: () throws -> Void) -> TradehubError? {
    do {
        try body()
        return nil
    } catch {
        return error as? TradehubError
    }
}
