import ArgumentParser
import Bridge
import ErrorDNA
import Foundation
import MarketData
import Storage
import TradehubModel

/// `tradehub bridge`: the MT5 bridge alone (with the storage it needs), without the HTTP API.
struct BridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bridge", abstract: "Run the MT5 bridge alone (TCP, default 127.0.0.1:8001).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Address the bridge binds (default http.host, 127.0.0.1).")
    var host: String?

    @Option(help: "Port of the bridge (default 8001; 0 picks a free one).")
    var port: String?

    func run() async throws {
        var flags: [(key: String, value: String, flag: String)] = []
        if let host { flags.append(("http.host", host, "--host")) }
        if let port { flags.append(("bridge.port", port, "--port")) }
        try await CommandSetup.importManager(global, extraFlags: flags).serve(only: ["bridge"])
    }
}

/// `tradehub bridge-sim`: a simulated terminal that behaves like the Expert Advisor.
struct BridgeSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bridge-sim",
        abstract: "Stream ticks to a bridge like the MT5 Expert Advisor does, and report acks and latency.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Bridge host.") var host = "127.0.0.1"
    @Option(help: "Bridge port.") var port = 8001
    @Option(help: "The tenant's bridge key (`tradehub tenant create` prints it).") var key: String
    @Option(help: "MT5 account number the simulated terminal logs in with.") var login = "1000001"
    @Option(help: "Symbols to generate ticks for, comma-separated.") var symbols = "EURUSD"
    @Option(help: "Messages per second per connection (0: as fast as acknowledgements allow).") var rate = 0
    @Option(help: "Messages per connection.") var count = 10_000
    @Option(help: "Send the ticks of this file instead (any format `tradehub import` reads).") var replay: String?
    @Option(help: "Symbol of the --replay file when its name does not tell.") var symbol: String?
    @Option(help: "Connections, each its own terminal stream.") var connections = 1
    @Option(help: "Seconds the broker's server time is ahead of UTC (HELLO's tz).") var tzOffset: Int64 = 0
    @Option(help: "Stream id prefix (default random); reuse it to resume a stream.") var stream: String?
    @Option(help: "Seed of the generated quotes.") var seed: UInt64 = 42
    @Option(help: "Give up after this many seconds.") var timeout: Double = 300
    @Flag(help: "Stay connected, answering orders, until --timeout even when everything is acknowledged.")
    var stayConnected = false

    func run() async throws {
        _ = try CommandSetup.importManager(global)
        var options = SimulatorOptions()
        options.host = host
        options.port = port
        options.key = key
        options.login = login
        options.symbols = symbols.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        options.rate = max(0, rate)
        options.count = max(0, count)
        options.connections = max(1, connections)
        options.tzOffsetSeconds = tzOffset
        options.seed = seed
        options.timeoutSeconds = timeout
        options.stayConnected = stayConnected
        if let stream { options.streamPrefix = stream }
        if let replay {
            guard let name = symbol ?? inferSymbol(fromPath: replay) else {
                throw TradehubError(.symbolNotInferred, ["path": replay])
            }
            let reader = try MarketDataReader(path: replay, symbol: name)
            var ticks: [(symbol: String, tick: Tick)] = []
            try reader.forEachRecord { record in
                if let tick = record.tick { ticks.append((name, tick)) }
            }
            options.replay = ticks
        }
        Terminal.standardError("bridge-sim: \(options.connections) connection(s) to \(host):\(port), streams \(options.streamPrefix)…")
        let report = try await BridgeSimulator.run(options)
        if output.json {
            try Terminal.printJSON(report)
        } else {
            Terminal.standardOutput(
                """
                sent        \(report.sent) (resent \(report.resent))
                acked       \(report.acked)
                rejected    \(report.rejected)
                reconnects  \(report.reconnects)
                orders      \(report.orders)
                elapsed     \(String(format: "%.3f", report.elapsedSeconds)) s (\(Int(report.rate)) acked/s)
                ack latency p50 \(String(format: "%.3f", report.ackLatencyMsP50)) ms, p99 \(String(format: "%.3f", report.ackLatencyMsP99)) ms, max \(String(format: "%.3f", report.ackLatencyMsMax)) ms
                """)
            for error in report.errors { Terminal.standardError(error) }
        }
        if !report.completed {
            throw TradehubError(.simulatorIncomplete, ["reason": report.errors.last ?? "timed out"])
        }
    }
}

/// `tradehub order send|list`: orders to MT5 terminals through the running server.
struct OrderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order", abstract: "Send orders to MT5 terminals and list them (asks the running server).",
        subcommands: [Send.self, List.self])

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send an order to the terminal of a login; wait for its result.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var server: ServerOptions
        @Option(help: "Tenant id or name (default: the embedded mode's default tenant).") var tenant: String?
        @Option(help: "MT5 account number whose terminal executes it.") var login: String
        @Option(help: "Symbol.") var symbol: String
        @Option(help: "buy or sell.") var side: Side
        @Option(help: "Lots.") var volume: Double
        @Option(help: "market, limit or stop.") var type: OrderType = .market
        @Option(help: "Price (limit and stop orders).") var price: Double = 0
        @Option(help: "Stop loss price (0: none).") var sl: Double = 0
        @Option(help: "Take profit price (0: none).") var tp: Double = 0
        @Option(help: "Order id (default: a new one); sending the same id again executes once.") var orderId: String?
        @Option(help: "Comment stored with the order on the terminal.") var comment = ""

        func run() async throws {
            let manager = try CommandSetup.importManager(global, extraFlags: server.flags)
            let request = OrderRequest(
                orderID: orderId ?? "o-" + UUID().uuidString.prefix(12).lowercased(), login: login, symbol: symbol,
                side: side, type: type, volume: volume, price: price, stopLoss: sl, takeProfit: tp, comment: comment)
            let body = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
            let reply = try LoopbackHTTP.request(
                "POST", host: manager.config.string("http.host"), port: Int(manager.config.integer("http.port")),
                path: "/api/v1/orders" + OrderCommand.tenantQuery(tenant), body: body,
                timeoutMs: Int(manager.config.integer("bridge.order_timeout_ms")) + 5000)
            try OrderCommand.print(reply, json: output.json) { (record: OrderRecord) in [record] }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List orders and their life, newest first.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var server: ServerOptions
        @Option(help: "Tenant id or name (default: the embedded mode's default tenant).") var tenant: String?
        @Option(help: "How many.") var limit = 100

        func run() async throws {
            let manager = try CommandSetup.importManager(global, extraFlags: server.flags)
            let reply = try LoopbackHTTP.get(
                host: manager.config.string("http.host"), port: Int(manager.config.integer("http.port")),
                path: "/api/v1/orders?limit=\(limit)" + OrderCommand.tenantQuery(tenant).replacingOccurrences(of: "?", with: "&"))
            struct Body: Decodable { let orders: [OrderRecord] }
            try OrderCommand.print(reply, json: output.json) { (body: Body) in body.orders }
        }
    }

    /// `?tenant=…` for the orders API, or "" for the default tenant.
    static func tenantQuery(_ tenant: String?) -> String {
        guard let tenant else { return "" }
        return "?tenant=" + (tenant.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? tenant)
    }

    /// Prints a reply of the orders API: its JSON as is, or a table; a problem becomes the error it carries.
    static func print<T: Decodable>(_ reply: LoopbackHTTP.Reply, json: Bool, orders: (T) -> [OrderRecord]) throws {
        guard (200..<300).contains(reply.status) else {
            if let problem = try? JSONDecoder().decode(ServerProblem.self, from: Data(reply.body.utf8)) {
                // The server's own error, printed as the CLI prints errors.
                Terminal.standardError("error[\(problem.code)]: \(problem.detail)\nhint: \(problem.hint)")
                throw ExitCode.failure
            }
            throw TradehubError(.httpStatus, ["status": String(reply.status), "reason": reply.body])
        }
        if json { return Terminal.standardOutput(reply.body) }
        let records = orders(try JSONDecoder().decode(T.self, from: Data(reply.body.utf8)))
        Terminal.standardOutput(
            Terminal.table(
                ["ORDER", "LOGIN", "SYMBOL", "SIDE", "VOLUME", "STATE", "RETCODE", "PRICE"],
                records.map {
                    [
                        $0.request.orderID, $0.request.login, $0.request.symbol, $0.request.side.rawValue,
                        BridgeCodec.decimal($0.request.volume), $0.state.rawValue, $0.result.map { String($0.retcode) } ?? "",
                        $0.result.map { BridgeCodec.decimal($0.price) } ?? "",
                    ]
                }))
    }
}

/// Where the running server's HTTP API is, for commands that ask it.
struct ServerOptions: ParsableArguments {
    @Option(help: "Host of the running server (default: http.host).") var host: String?
    @Option(help: "Port of the running server (default: http.port).") var port: String?

    var flags: [(key: String, value: String, flag: String)] {
        var flags: [(key: String, value: String, flag: String)] = []
        if let host { flags.append(("http.host", host, "--host")) }
        if let port { flags.append(("http.port", port, "--port")) }
        return flags
    }
}

/// The fields of a problem+json answer the CLI prints.
private struct ServerProblem: Decodable {
    let code: String
    let detail: String
    let hint: String
}

extension Side: ExpressibleByArgument {}
extension OrderType: ExpressibleByArgument {}
