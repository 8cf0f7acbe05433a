import Foundation
import Logging
import Synchronization

/// Resolves the configuration for a command and bootstraps logging from it.
enum CommandSetup {
    /// Reads defaults < file < environment < flags and returns the composition root.
    static func importManager(
        _ global: GlobalOptions, extraFlags: [(key: String, value: String, flag: String)] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ImportManager {
        let configFile = global.config ?? environment["TRADEHUB_CONFIG"]
        let resolved = try ConfigResolver(schema: .tradehub)
            .resolve(configFile: configFile, environment: environment, flags: global.flags() + extraFlags)
        bootstrapLogging(resolved)
        return ImportManager(config: resolved, logger: Logger(label: "tradehub"))
    }

    private static let bootstrapped = Atomic<Bool>(false)

    /// Installs the log handler once per process (swift-log allows one bootstrap).
    static func bootstrapLogging(_ config: ResolvedConfig) {
        guard bootstrapped.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        let level = Logger.Level(rawValue: config.string("log.level")) ?? .info
        let format = TradehubLogHandler.Format(rawValue: config.string("log.format")) ?? .text
        LoggingSystem.bootstrap { label in TradehubLogHandler(label: label, format: format, logLevel: level) }
    }
}
