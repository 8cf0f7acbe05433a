import ArgumentParser
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Run named benchmarks and print their figures (build with -c release).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "List the benchmarks instead of running them.")
    var list = false

    @Option(help: "Override each benchmark's iteration count.")
    var iterations: Int?

    @Argument(help: "Benchmarks to run (default: all).")
    var names: [String] = []

    func run() async throws {
        _ = try CommandSetup.importManager(global)
        let selected = try BenchRegistry.select(names)
        if list {
            if output.json {
                try Terminal.printJSON(selected.map { ["name": $0.name, "summary": $0.summary] })
            } else {
                Terminal.standardOutput(Terminal.table(["NAME", "SUMMARY"], selected.map { [$0.name, $0.summary] }))
            }
            return
        }
        var results: [BenchResult] = []
        for benchmark in selected {
            if !output.json { Terminal.standardError("running \(benchmark.name)…") }
            results.append(contentsOf: try await benchmark.run(iterations))
        }
        if output.json {
            try Terminal.printJSON(results)
        } else {
            Terminal.standardOutput(
                Terminal.table(
                    ["NAME", "VALUE", "UNIT", "ITERATIONS"],
                    results.map { [$0.name, String(format: "%.6g", $0.value), $0.unit, String($0.iterations)] }))
        }
    }
}
