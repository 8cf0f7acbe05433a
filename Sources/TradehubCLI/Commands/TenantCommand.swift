import ArgumentParser
import ErrorDNA
import Foundation
import Storage
import TradehubModel

struct TenantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant", abstract: "Tenants and their bridge keys (works while the server is stopped).",
        subcommands: [Create.self, List.self, RotateKey.self])

    struct KeyReport: Encodable {
        let tenant: TenantRecord
        let bridgeKey: String
        enum CodingKeys: String, CodingKey { case tenant, bridgeKey = "bridge_key" }
    }

    static func printKey(_ report: KeyReport, json: Bool) throws {
        if json { return try Terminal.printJSON(report) }
        Terminal.standardOutput(
            """
            tenant:     \(report.tenant.id) (\(report.tenant.name))
            bridge key: \(report.bridgeKey)
            """)
        Terminal.standardError("The key is shown only now: store it in the EA's inputs. Only its hash is kept.")
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant and print its bridge key once.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The tenant's name.")
        var name: String

        func run() throws {
            let manager = try CommandSetup.importManager(global)
            let stores = try manager.openStores()
            defer { try? stores.close() }
            let (tenant, key) = try stores.tenants.create(name: name, nowMs: manager.clock.nowMs())
            try TenantCommand.printKey(KeyReport(tenant: tenant, bridgeKey: key), json: output.json)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants (never their keys).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let stores = try CommandSetup.importManager(global).openStores()
            defer { try? stores.close() }
            let tenants = try stores.tenants.list()
            if output.json { return try Terminal.printJSON(tenants) }
            Terminal.standardOutput(
                Terminal.table(
                    ["ID", "NAME", "BRIDGE KEY", "CREATED"],
                    tenants.map {
                        [
                            $0.id.description, $0.name, $0.hasBridgeKey ? "set" : "none",
                            Terminal.isoTime(ms: $0.createdMs),
                        ]
                    }))
        }
    }

    struct RotateKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-key", abstract: "Replace a tenant's bridge key; the old key stops working at once.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "Tenant id or name.")
        var tenant: String

        func run() throws {
            let stores = try CommandSetup.importManager(global).openStores()
            defer { try? stores.close() }
            let id = try stores.marketData.tenant(named: tenant)
            let key = try stores.tenants.rotateKey(of: id)
            let record = try stores.tenants.list().first { $0.id == id }!
            try TenantCommand.printKey(KeyReport(tenant: record, bridgeKey: key), json: output.json)
        }
    }
}
