import ArgumentParser
import ErrorDNA
import Foundation

struct ErrorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "errors", abstract: "The error catalogue and the errors seen so far.",
        subcommands: [List.self, Explain.self, Seen.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every error code with its remediation.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Flag(help: "Print the catalogue as Markdown (the content of docs/errors.md).")
        var markdown = false

        func run() throws {
            let entries = ErrorCatalogue.all.sorted { $0.code < $1.code }
            if output.json {
                try Terminal.printJSON(entries)
            } else if markdown {
                FileHandle.standardOutput.write(Data(ErrorCatalogue.markdown().utf8))
            } else {
                Terminal.standardOutput(
                    Terminal.table(
                        ["CODE", "HTTP", "TITLE"], entries.map { [$0.code.rawValue, String($0.httpStatus), $0.title] }))
            }
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Explain one error code and how to fix it.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The code, such as E_CONFIG_UNKNOWN_KEY.")
        var code: String

        func run() throws {
            let wanted = ErrorCode(code.uppercased())
            guard let entry = ErrorCatalogue.definition(for: wanted) else {
                throw TradehubError(.unknownErrorCode, ["code": code])
            }
            if output.json {
                try Terminal.printJSON(entry)
            } else {
                Terminal.standardOutput(
                    """
                    \(entry.code) — \(entry.title)
                    domain:      \(entry.domain)
                    HTTP status: \(entry.httpStatus)
                    message:     \(entry.template)
                    remediation: \(entry.remediation)
                    """)
            }
        }
    }

    struct Seen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the errors recorded in the data directory, grouped by fingerprint.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "At most this many groups, most recent first.")
        var limit = 50

        func run() async throws {
            let stores = try CommandSetup.importManager(global).openStores()
            defer { try? stores.close() }
            let occurrences = try await stores.errorOccurrences.occurrences(limit: limit)
            if output.json {
                try Terminal.printJSON(occurrences)
            } else {
                Terminal.standardOutput(
                    Terminal.table(
                        ["FINGERPRINT", "CODE", "COUNT", "LAST SEEN", "SAMPLE"],
                        occurrences.map {
                            [
                                $0.fingerprint.value, $0.code.rawValue, String($0.count),
                                Self.iso(ms: $0.lastSeenMs), $0.sample,
                            ]
                        }))
            }
        }

        static func iso(ms: Int64) -> String {
            let formatter = ISO8601DateFormatter()
            return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
        }
    }
}
