/// A traded instrument with its price precision: `digits` after the point and the `point`
/// size (10^-digits) that spreads and pip distances are counted in.
public struct Symbol: Sendable, Hashable, Codable, CustomStringConvertible {
    public let name: String
    public let digits: Int

    public init(_ name: String, digits: Int) {
        precondition((0...10).contains(digits), "digits must be 0…10")
        self.name = name
        self.digits = digits
    }

    /// The smallest price step, 10^-digits.
    public var point: Double { Self.powersOfTen[digits] }

    public var description: String { name }

    private static let powersOfTen: [Double] = (0...10).map { digits in
        var value = 1.0
        for _ in 0..<digits { value /= 10 }
        return value
    }

    /// Broker defaults for well-known symbols: forex 5 digits (JPY crosses 3), gold 2, silver 3,
    /// indices and crypto 2. Configuration can override any symbol.
    public static func standard(_ name: String) -> Symbol {
        let upper = name.uppercased()
        let base = String(upper.prefix(6))
        if base.hasPrefix("XAU") { return Symbol(name, digits: 2) }
        if base.hasPrefix("XAG") { return Symbol(name, digits: 3) }
        if base.count == 6, base.allSatisfy({ $0.isLetter }), currencies.contains(String(base.prefix(3))),
           currencies.contains(String(base.suffix(3))) {
            return Symbol(name, digits: base.hasSuffix("JPY") || base.hasSuffix("HUF") ? 3 : 5)
        }
        return Symbol(name, digits: 2)
    }

    static let currencies: Set<String> = [
        "EUR", "USD", "GBP", "JPY", "CHF", "AUD", "NZD", "CAD", "SEK", "NOK", "DKK", "PLN", "HUF", "CZK", "TRY",
        "ZAR", "MXN", "SGD", "HKD", "CNH", "RUB", "ILS",
    ]
}
