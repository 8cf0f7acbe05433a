import Bridge
import ErrorDNA
import Foundation
import Hummingbird
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
