import Strategy
import TradehubModel

/// What a fill costs and what a price move is worth in account currency: backtesting.py's
/// relative spread and commission, plus, in forex mode, a spread in points, a commission per lot
/// and the quote-to-account conversion. Without forex the extra terms are exact zeros and ones,
/// so every figure equals backtesting.py's bit for bit.
struct CostModel: Sendable {
    let relativeSpread: Double
    let spreadPrice: Double
    let relativeCommission: Double
    let fixedCommission: Double
    let commissionPerUnit: Double
    let forex: ForexOptions?

    init(_ options: BacktestOptions) {
        relativeSpread = options.spread
        relativeCommission = options.commission
        fixedCommission = options.fixedCommission
        forex = options.forex
        spreadPrice = options.forex?.spreadPrice ?? 0
        commissionPerUnit = options.forex.map { $0.commissionPerLot / $0.contract.contractSize } ?? 0
    }

    /// The price a new trade of `size` enters at when the market is at `price`.
    @inline(__always)
    func adjusted(_ price: Double, _ size: Double) -> Double {
        size > 0 ? price * (1 + relativeSpread) + spreadPrice : price * (1 - relativeSpread) - spreadPrice
    }

    /// The commission of one fill of `size` units at `price`, in account currency.
    @inline(__always)
    func commission(_ size: Double, _ price: Double) -> Double {
        fixedCommission + abs(size) * price * relativeCommission + abs(size) * commissionPerUnit
    }

    /// `amount` of quote currency in account currency when the price is `price`.
    @inline(__always)
    func toAccount(_ amount: Double, atPrice price: Double) -> Double {
        guard let forex else { return amount }
        return amount * forex.contract.accountRate(atPrice: price)
    }
}
