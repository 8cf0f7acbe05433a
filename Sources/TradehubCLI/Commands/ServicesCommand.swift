import ArgumentParser
import ErrorDNA
import Foundation
import Gateway
import Hub
import Storage

struct ServicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services",
        abstract: "List the services, their addresses, dependencies and health (asks the running server).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var server: ServerOptions

    struct ServiceList: Codable {
        var running: Bool
        var services: [ServiceStatus]
    }

    func run() async throws {
        let manager = try CommandSetup.importManager(global, extraFlags: server.flags)
        let host = manager.config.string("http.host")
        let port = Int(manager.config.integer("http.port"))
        let list: ServiceList
        do {
            let reply = try LoopbackHTTP.get(host: host, port: port, path: "/api/v1/services")
            guard reply.status == 200 else {
                throw TradehubError(.httpStatus, ["status": String(reply.status), "reason": reply.body])
            }
            struct Body: Decodable { let services: [ServiceStatus] }
            let body = try JSONDecoder().decode(Body.self, from: Data(reply.body.utf8))
            list = ServiceList(running: true, services: body.services)
        } catch let error as TradehubError where error.code == .serverUnreachable {
            Terminal.standardError("no server answers at \(host):\(port); showing what `tradehub serve` would run")
            let telemetry = Telemetry(processStartSeconds: 0)
            let stores = Stores(
                backend: manager.config.string("storage.backend"), directory: nil, closing: nil,
                tables: try SQLiteDatabase.inMemory(), errorOccurrences: InMemoryErrorOccurrenceStore())
            let services = try manager.makeServices(stores: stores, telemetry: telemetry)
            let hub = try manager.makeHub(services: services)
            list = ServiceList(
                running: false,
                services: hub.startOrder.compactMap { name in
                    services.first { $0.descriptor.name == name }.map {
                        ServiceStatus(
                            name: name, version: $0.descriptor.version, summary: $0.descriptor.summary,
                            address: name == "gateway" ? .network(host: host, port: port)
                                : name == "bridge" ? .network(host: host, port: Int(manager.config.integer("bridge.port")))
                                : .inProcess,
                            dependencies: $0.descriptor.dependencies, state: .stopped, health: .unhealthy("not running"))
                    }
                })
        }
        if output.json {
            try Terminal.printJSON(list)
        } else {
            Terminal.standardOutput(
                Terminal.table(
                    ["SERVICE", "VERSION", "STATE", "ADDRESS", "DEPENDS ON", "HEALTH"],
                    list.services.map {
                        [
                            $0.name, $0.version, $0.state.rawValue, $0.address.description,
                            $0.dependencies.isEmpty ? "-" : $0.dependencies.joined(separator: ","),
                            ($0.health.healthy ? "healthy" : "unhealthy") + ": " + $0.health.detail,
                        ]
                    }))
        }
    }
}
