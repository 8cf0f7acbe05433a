import ArgumentParser
import Storage

struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "The embedded database: migrations and status.",
        subcommands: [Migrate.self, Status.self])

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply pending schema migrations.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        struct Report: Encodable {
            let applied: [String]
            let status: DatabaseStatus
        }

        func run() throws {
            let stores = try CommandSetup.importManager(global).openStores(migrate: false)
            defer { try? stores.close() }
            guard let database = stores.database else {
                Terminal.standardError("storage.backend is memory: nothing to migrate")
                return
            }
            let applied = try database.migrate()
            let status = try database.status()
            if output.json {
                try Terminal.printJSON(Report(applied: applied, status: status))
            } else {
                Terminal.standardOutput(
                    applied.isEmpty
                        ? "database is up to date (schema version \(status.schemaVersion))"
                        : "applied \(applied.count) migration(s): \(applied.joined(separator: ", "))")
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the database file and its migrations.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let stores = try CommandSetup.importManager(global).openStores(migrate: false)
            defer { try? stores.close() }
            guard let database = stores.database else {
                Terminal.standardError("storage.backend is memory: no database file")
                return
            }
            let status = try database.status()
            if output.json {
                try Terminal.printJSON(status)
            } else {
                Terminal.standardOutput(
                    """
                    database:       \(status.path)
                    size:           \(status.sizeBytes) bytes
                    journal mode:   \(status.journalMode)
                    schema version: \(status.schemaVersion)
                    applied:        \(status.applied.isEmpty ? "-" : status.applied.joined(separator: ", "))
                    pending:        \(status.pending.isEmpty ? "-" : status.pending.joined(separator: ", "))
                    """)
            }
        }
    }
}
