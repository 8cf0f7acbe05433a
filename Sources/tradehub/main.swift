import TradehubCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(await TradehubCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))
