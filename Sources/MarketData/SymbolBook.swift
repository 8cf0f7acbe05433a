import TradehubModel

/// The precision of every symbol: configured digits where given (`EURUSD=5,XAUUSD=2`), the
/// broker defaults of `Symbol.standard` otherwise.
public struct SymbolBook: Sendable, Equatable {
    public let digits: [String: Int]

    public init(digits: [String: Int] = [:]) { self.digits = digits }

    /// Parses `NAME=DIGITS` pairs separated by commas; nil names the first bad pair.
    public static func parse(_ text: String) -> Result<SymbolBook, BadEntry> {
        var digits: [String: Int] = [:]
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: "=", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let value = Int(parts[1]), (0...10).contains(value) else {
                return .failure(BadEntry(text: String(entry)))
            }
            digits[parts[0]] = value
        }
        return .success(SymbolBook(digits: digits))
    }

    /// A `NAME=DIGITS` entry that does not parse.
    public struct BadEntry: Error, Equatable {
        public let text: String
    }

    public func symbol(_ name: String) -> Symbol {
        digits[name].map { Symbol(name, digits: $0) } ?? Symbol.standard(name)
    }
}

extension String {
    fileprivate func trimmingCharacters(in _: WhitespaceSet) -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

private enum WhitespaceSet { case whitespaces }
