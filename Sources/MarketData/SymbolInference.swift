/// The symbol a market-data file's name implies, or nil when it names none (the caller then
/// reports `E_SYMBOL_NOT_INFERRED`).
///
/// The name is split on `_`, `-`, `.` and spaces after dropping its extensions (`.csv`, `.gz`, …);
/// the symbol is the first part that is not a known word of export names (`DAT`, `ASCII`, `T`,
/// `ticks`, `M1`, …) or a number: `EURUSD_ticks.csv`, `DAT_ASCII_EURUSD_T_202401.csv`,
/// `EURUSD_M1_202401020000_202401312359.csv`, `EURUSD.csv.gz` all give `EURUSD`. A lower-case part
/// counts only when it is a currency pair (`eurusd.csv` → `EURUSD`), so `data.csv` gives nil.
public func inferSymbol(fromPath path: String) -> String? {
    var name = Substring(path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
    let extensions = [".gz", ".gzip", ".csv", ".txt", ".tsv", ".tab", ".dat", ".zip", ".prn"]
    var stripped = true
    while stripped {
        stripped = false
        for ext in extensions where name.count > ext.count && name.lowercased().hasSuffix(ext) {
            name = name.dropLast(ext.count)
            stripped = true
        }
    }
    let parts = name.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == "." || $0 == " " })
    for part in parts {
        let upper = part.uppercased()
        guard !SymbolNameRules.stopWords.contains(upper),
              let first = part.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII,
              part.count >= 2, part.count <= 16,
              part.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }),
              part.unicodeScalars.filter({ $0.properties.isAlphabetic }).count >= 2
        else { continue }
        if part == upper { return String(part) }
        if SymbolNameRules.isCurrencyPair(upper) { return upper }
    }
    return nil
}

/// The words of export file names that are never a symbol, and the currency-pair test.
enum SymbolNameRules {
    static let stopWords: Set<String> = [
        "DAT", "ASCII", "MT", "MT4", "MT5", "NT", "XLSX", "HISTDATA", "COM", "T", "TICK", "TICKS", "BAR", "BARS",
        "M1", "M2", "M3", "M4", "M5", "M6", "M10", "M12", "M15", "M20", "M30", "H1", "H2", "H3", "H4", "H6", "H8",
        "H12", "D1", "W1", "MN", "MN1", "EXPORT", "EXPORTED", "DATA", "HISTORY", "QUOTES", "PRICES", "CSV", "SAMPLE",
        "TEST", "FILE", "ALL", "FULL", "GMT", "UTC", "EST", "BID", "ASK", "LAST", "OHLC", "OHLCV", "CANDLES",
        "RATES", "MINUTE", "MINUTES", "DAILY", "HOURLY", "WEEKLY", "MONTHLY", "TRADEHUB",
    ]

    static let currencies: Set<String> = [
        "EUR", "USD", "GBP", "JPY", "CHF", "AUD", "NZD", "CAD", "SEK", "NOK", "DKK", "PLN", "HUF", "CZK", "TRY",
        "ZAR", "MXN", "SGD", "HKD", "CNH", "RUB", "ILS", "XAU", "XAG", "XPT", "XPD", "BTC", "ETH", "LTC", "XRP",
    ]

    static func isCurrencyPair(_ name: String) -> Bool {
        name.count == 6 && currencies.contains(String(name.prefix(3))) && currencies.contains(String(name.suffix(3)))
    }
}
