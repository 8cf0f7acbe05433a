/// How a forex or CFD contract turns prices into account money, as MT5 specifies a symbol:
/// units per lot, the lot step, the pip, and the rate from the quote currency to the account's.
public struct ForexContract: Sendable, Equatable {
    /// How a profit in the quote currency becomes account currency.
    public enum QuoteConversion: Sendable, Equatable {
        /// The account is in the quote currency (EURUSD, XAUUSD on a USD account).
        case quoteIsAccount
        /// The account is in the base currency (USDJPY on a USD account): divide by the price.
        case baseIsAccount
        /// A fixed rate: account currency per unit of quote currency (crosses such as EURJPY).
        case fixedRate(Double)
    }

    public let symbol: Symbol
    /// Units of the base currency (or ounces, shares…) in one lot.
    public let contractSize: Double
    /// The smallest lot increment an order may use.
    public let lotStep: Double
    public let conversion: QuoteConversion

    public init(symbol: Symbol, contractSize: Double = 100_000, lotStep: Double = 0.01, conversion: QuoteConversion = .quoteIsAccount) {
        self.symbol = symbol
        self.contractSize = contractSize
        self.lotStep = lotStep
        self.conversion = conversion
    }

    /// A pip: ten points on fractional-pip quotes (5 or 3 digits), one point otherwise.
    public var pipSize: Double {
        symbol.digits == 5 || symbol.digits == 3 ? Symbol(symbol.name, digits: symbol.digits - 1).point : symbol.point
    }

    /// The base and quote currencies of a six-letter forex or metal symbol (`EURUSD` → EUR, USD).
    public static func currencies(of symbol: Symbol) -> (base: String, quote: String)? {
        let letters = symbol.name.uppercased().prefix(6)
        guard letters.count == 6, letters.allSatisfy(\.isLetter) else { return nil }
        return (String(letters.prefix(3)), String(letters.suffix(3)))
    }

    /// The conversion for an account in `accountCurrency`; nil when neither side of the symbol is
    /// the account's currency (a cross needs a fixed rate). Symbols that are not currency pairs
    /// (indices, `US500`) are taken to be quoted in the account's currency.
    public static func conversion(for symbol: Symbol, accountCurrency: String) -> QuoteConversion? {
        guard let (base, quote) = currencies(of: symbol) else { return .quoteIsAccount }
        let account = accountCurrency.uppercased()
        if quote == account { return .quoteIsAccount }
        if base == account { return .baseIsAccount }
        return nil
    }

    /// Account currency per unit of quote currency when the price is `price`.
    @inline(__always)
    public func accountRate(atPrice price: Double) -> Double {
        switch conversion {
        case .quoteIsAccount: 1
        case .baseIsAccount: 1 / price
        case .fixedRate(let rate): rate
        }
    }

    /// Units of `lots` lots, rounded to a whole unit.
    public func units(lots: Double) -> Int { Int((lots * contractSize).rounded()) }

    /// Lots of `units` units.
    public func lots(units: Int) -> Double { Double(units) / contractSize }

    /// `lots` rounded down to the lot step (a tolerance of 1e-9 step keeps 0.3 / 0.01 at 30 steps).
    public func roundedDown(lots: Double) -> Double {
        (lots / lotStep + 1e-9).rounded(.down) * lotStep
    }

    /// Pips gained by a position of sign `direction` (+1 long, -1 short) from `entry` to `exit`.
    public func pips(from entry: Double, to exit: Double, direction: Double) -> Double {
        direction * (exit - entry) / pipSize
    }
}
