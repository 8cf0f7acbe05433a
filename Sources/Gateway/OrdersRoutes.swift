import Bridge
import ErrorDNA
import Foundation
import Hummingbird
import MarketData
import TradehubModel

/// `POST /api/v1/orders` (send an order to the terminal of its login and wait for the result)
/// `GET /api/v1/orders` (the orders and their life, newest first) and `GET /api/v1/orders/{id}`.
///
/// Until user accounts exist a request names its tenant with `?tenant=ID|NAME` (default: the
/// embedded mode's default tenant).
struct OrdersRoutes {
    let desk: OrderDesk
    let tenantNamed: @Sendable (String) throws -> TenantID

    func tenant(_ request: Request) throws -> TenantID {
        guard let name = request.uri.queryParameters.get("tenant"), !name.isEmpty else { return .embeddedDefault }
        return try tenantNamed(name)
    }

    struct OrderList: Codable {
        let orders: [OrderRecord]
    }

    func add(to group: RouterGroup<GatewayRequestContext>) {
        group.post { request, context in
            let body = try await request.body.collect(upTo: 64 * 1024)
            let order: OrderRequest
            do {
                order = try JSONDecoder().decode(OrderRequest.self, from: Data(buffer: body))
            } catch {
                throw TradehubError(.httpBadRequest, [
                    "reason": "the body must be an order as JSON (order_id, login, symbol, side, type, volume, …): \(error)",
                ])
            }
            let record = try await desk.send(order, tenant: try tenant(request))
            return try JSONCoding.response(record, status: .created)
        }
        group.get { request, _ in
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 100
            guard (1...10_000).contains(limit) else {
                throw TradehubError(.httpBadRequest, ["reason": "limit must be 1…10000, got \(limit)"])
            }
            return try JSONCoding.response(OrderList(orders: try desk.list(tenant: try tenant(request), limit: limit)))
        }
        group.get("{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            guard let order = try desk.order(tenant: try tenant(request), orderID: id) else {
                throw TradehubError(.orderUnknown, ["order_id": id])
            }
            return try JSONCoding.response(order)
        }
    }
}

/// `GET /api/v1/bars/live?symbol=S&timeframe=M1[&tenant=]`: the bar in progress built from the
/// ticks the bridge has stored so far (UTC open time), or 404 before the symbol's first live tick.
struct LiveBarsRoutes {
    let ingest: BridgeIngest
    let tenantNamed: @Sendable (String) throws -> TenantID

    struct LiveBar: Codable {
        let symbol: String
        let timeframe: String
        let time: String
        let open, high, low, close: Double
        let tickVolume: Int64
        let spread: Int32
        let realVolume: Double

        enum CodingKeys: String, CodingKey {
            case symbol, timeframe, time, open, high, low, close, tickVolume = "tick_volume", spread
            case realVolume = "real_volume"
        }
    }

    func add(to group: RouterGroup<GatewayRequestContext>) {
        group.get("live") { request, _ in
            let parameters = request.uri.queryParameters
            let symbol = parameters.get("symbol") ?? ""
            let name = parameters.get("timeframe") ?? "M1"
            guard !symbol.isEmpty else { throw TradehubError(.httpBadRequest, ["reason": "symbol is required"]) }
            guard let timeframe = Timeframe(rawValue: name) else {
                throw TradehubError(.httpBadRequest, ["reason": "timeframe must be one of M1 M5 M15 M30 H1 H4 D1 W1 MN1, got \(name)"])
            }
            let tenant = try parameters.get("tenant").map(tenantNamed) ?? .embeddedDefault
            guard let bar = ingest.liveBar(tenant: tenant, symbol: symbol, timeframe: timeframe) else {
                throw TradehubError(.noLiveData, ["symbol": symbol, "tenant": tenant.description])
            }
            return try JSONCoding.response(LiveBar(
                symbol: symbol, timeframe: name, time: PeriodCalendar.iso8601(ms: bar.openTimeMs), open: bar.open,
                high: bar.high, low: bar.low, close: bar.close, tickVolume: bar.tickVolume, spread: bar.spread,
                realVolume: bar.realVolume))
        }
    }
}
