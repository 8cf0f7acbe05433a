import TradehubModel

/// How a forex order gets its lots when the strategy leaves the size to the account (an order
/// with the default size): a fixed number of lots, or as many lots as make a stop-loss hit lose
/// a given share of equity.
public enum LotSizing: Sendable, Equatable {
    /// The same lots for every order.
    case fixedLots(Double)
    /// Lots such that the stop-loss, commissions included, loses this percentage of equity.
    case riskPercent(Double)

    /// Lots for an order entering at `entry` with stop-loss `stopLoss`, rounded down to the lot
    /// step (0 when even one step risks too much); a round trip pays `commissionPerLot` twice.
    public func lots(contract: ForexContract, equity: Double, entry: Double, stopLoss: Double?, commissionPerLot: Double) -> Double {
        switch self {
        case .fixedLots(let lots):
            return lots
        case .riskPercent(let percent):
            guard let stopLoss else { return 0 }
            let lossPerLot = contract.contractSize * abs(entry - stopLoss) * contract.accountRate(atPrice: stopLoss) + 2 * commissionPerLot
            guard lossPerLot > 0 else { return 0 }
            return max(0, contract.roundedDown(lots: equity * percent / 100 / lossPerLot))
        }
    }
}
