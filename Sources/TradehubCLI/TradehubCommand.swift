import ArgumentParser
import ErrorDNA

/// The `tradehub` command line: parses arguments, asks the Import Manager for the object graph,
/// prints. Errors print as `error[E_CODE]: message` + `hint:` on stderr with a non-zero exit.
public struct TradehubCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tradehub",
        abstract: "AI trading platform for MetaTrader 5: data, indicators, models, backtests, live trading.",
        subcommands: [
            ServeCommand.self, ServicesCommand.self, ImportCommand.self, BarsCommand.self, ExportCommand.self,
            QuarantineCommand.self, TenantCommand.self, BridgeCommand.self, BridgeSimCommand.self, OrderCommand.self,
            ConfigCommand.self, DatabaseCommand.self,
            ErrorsCommand.self,
            TACommand.self, FeaturesCommand.self, TrainCommand.self, AutoMLCommand.self, EnsembleCommand.self, RetrainCommand.self, ModelsCommand.self, DecideCommand.self, StrategiesCommand.self,
            BacktestCommand.self, OptimizeCommand.self, BenchCommand.self, VersionCommand.self,
        ])

    public init() {}

    /// Runs the command line `arguments` (without the program name); returns the exit status.
    public static func main(arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(ArgumentOrder.normalise(arguments))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error as TradehubError {
            Terminal.report(error)
            return 1
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Terminal.standardOutput(message) }
            } else {
                Terminal.standardError(message)
            }
            return code.rawValue
        }
    }
}
