extension ErrorCode {
    // config
    public static let configFileNotFound = ErrorCode("E_CONFIG_FILE_NOT_FOUND")
    public static let configSyntax = ErrorCode("E_CONFIG_SYNTAX")
    public static let configUnknownKey = ErrorCode("E_CONFIG_UNKNOWN_KEY")
    public static let configType = ErrorCode("E_CONFIG_TYPE")
    public static let configRange = ErrorCode("E_CONFIG_RANGE")
    // storage
    public static let dataDirLocked = ErrorCode("E_DATA_DIR_LOCKED")
    public static let dataDirUnusable = ErrorCode("E_DATA_DIR_UNUSABLE")
    public static let storageOpen = ErrorCode("E_STORAGE_OPEN")
    public static let storageMigration = ErrorCode("E_STORAGE_MIGRATION")
    public static let storageSchemaTooNew = ErrorCode("E_STORAGE_SCHEMA_TOO_NEW")
    public static let storageQuery = ErrorCode("E_STORAGE_QUERY")
    // model registry
    public static let modelUnknown = ErrorCode("E_MODEL_UNKNOWN")
    public static let modelIsChampion = ErrorCode("E_MODEL_IS_CHAMPION")
    public static let modelNoPrevious = ErrorCode("E_MODEL_NO_PREVIOUS")
    public static let modelNoChampion = ErrorCode("E_MODEL_NO_CHAMPION")
    public static let modelInUse = ErrorCode("E_MODEL_IN_USE")
    // hub
    public static let hubDuplicateService = ErrorCode("E_HUB_DUPLICATE_SERVICE")
    public static let hubUnknownDependency = ErrorCode("E_HUB_UNKNOWN_DEPENDENCY")
    public static let hubDependencyCycle = ErrorCode("E_HUB_DEPENDENCY_CYCLE")
    public static let hubServiceFailed = ErrorCode("E_HUB_SERVICE_FAILED")
    // http
    public static let httpNotFound = ErrorCode("E_HTTP_NOT_FOUND")
    public static let httpMethodNotAllowed = ErrorCode("E_HTTP_METHOD_NOT_ALLOWED")
    public static let httpBadRequest = ErrorCode("E_HTTP_BAD_REQUEST")
    public static let httpStatus = ErrorCode("E_HTTP_STATUS")
    public static let serverBind = ErrorCode("E_SERVER_BIND")
    public static let serverUnreachable = ErrorCode("E_SERVER_UNREACHABLE")
    public static let notReady = ErrorCode("E_NOT_READY")
    // input files
    public static let inputNotFound = ErrorCode("E_INPUT_NOT_FOUND")
    public static let inputEncoding = ErrorCode("E_INPUT_ENCODING")
    public static let csvEmpty = ErrorCode("E_CSV_EMPTY")
    public static let csvHeader = ErrorCode("E_CSV_HEADER")
    public static let csvMalformed = ErrorCode("E_CSV_MALFORMED")
    // market data: tick validation (each rejected tick is quarantined with its code)
    public static let malformed = ErrorCode("E_MALFORMED")
    public static let nonPositivePrice = ErrorCode("E_NON_POSITIVE_PRICE")
    public static let crossedQuote = ErrorCode("E_CROSSED_QUOTE")
    public static let outOfOrder = ErrorCode("E_OUT_OF_ORDER")
    public static let duplicate = ErrorCode("E_DUPLICATE")
    public static let spike = ErrorCode("E_SPIKE")
    public static let unknownSymbol = ErrorCode("E_UNKNOWN_SYMBOL")
    public static let tenantUnknown = ErrorCode("E_TENANT_UNKNOWN")
    public static let tenantExists = ErrorCode("E_TENANT_EXISTS")
    public static let tenantName = ErrorCode("E_TENANT_NAME")
    // MT5 bridge protocol (the codes of its ERROR lines) and orders
    public static let helloRequired = ErrorCode("E_HELLO_REQUIRED")
    public static let auth = ErrorCode("E_AUTH")
    public static let version = ErrorCode("E_VERSION")
    public static let lineTooLong = ErrorCode("E_LINE_TOO_LONG")
    public static let seqGap = ErrorCode("E_SEQ_GAP")
    public static let overloaded = ErrorCode("E_OVERLOADED")
    public static let orderField = ErrorCode("E_ORDER_FIELD")
    public static let orderUnroutable = ErrorCode("E_ORDER_UNROUTABLE")
    public static let orderUnknown = ErrorCode("E_ORDER_UNKNOWN")
    public static let noLiveData = ErrorCode("E_NO_LIVE_DATA")
    // market data: files
    public static let formatUnknown = ErrorCode("E_FORMAT_UNKNOWN")
    public static let symbolNotInferred = ErrorCode("E_SYMBOL_NOT_INFERRED")
    public static let timeParse = ErrorCode("E_TIME_PARSE")
    public static let noMarketData = ErrorCode("E_NO_MARKET_DATA")
    public static let noTicks = ErrorCode("E_NO_TICKS")
    // indicators
    public static let indicatorUnknown = ErrorCode("E_INDICATOR_UNKNOWN")
    public static let indicatorSyntax = ErrorCode("E_INDICATOR_SYNTAX")
    public static let indicatorArguments = ErrorCode("E_INDICATOR_ARGUMENTS")
    public static let indicatorArgumentRange = ErrorCode("E_INDICATOR_ARGUMENT_RANGE")
    // features and labels
    public static let featureSyntax = ErrorCode("E_FEATURE_SYNTAX")
    public static let featureFile = ErrorCode("E_FEATURE_FILE")
    public static let featureTimeframe = ErrorCode("E_FEATURE_TIMEFRAME")
    public static let labelSyntax = ErrorCode("E_LABEL_SYNTAX")
    // strategies and backtests
    public static let strategyNeedsModel = ErrorCode("E_STRATEGY_NEEDS_MODEL")
    public static let strategyUnknown = ErrorCode("E_STRATEGY_UNKNOWN")
    public static let strategyParameter = ErrorCode("E_STRATEGY_PARAMETER")
    public static let orderInvalid = ErrorCode("E_ORDER_INVALID")
    public static let backtestArgument = ErrorCode("E_BACKTEST_ARGUMENT")
    public static let forexArgument = ErrorCode("E_FOREX_ARGUMENT")
    public static let forexNeedsStopLoss = ErrorCode("E_FOREX_NEEDS_SL")
    public static let forexQuoteRate = ErrorCode("E_FOREX_QUOTE_RATE")
    // learning
    public static let learningData = ErrorCode("E_LEARNING_DATA")
    public static let learningParameter = ErrorCode("E_LEARNING_PARAMETER")
    public static let xgboost = ErrorCode("E_XGBOOST")
    public static let modelFormat = ErrorCode("E_MODEL_FORMAT")
    public static let cvArgument = ErrorCode("E_CV_ARGUMENT")
    public static let metricUndefined = ErrorCode("E_METRIC_UNDEFINED")
    // cli and general
    public static let unknownErrorCode = ErrorCode("E_UNKNOWN_ERROR_CODE")
    public static let usage = ErrorCode("E_USAGE")
    public static let benchUnknown = ErrorCode("E_BENCH_UNKNOWN")
    public static let benchFailed = ErrorCode("E_BENCH_FAILED")
    public static let simulatorIncomplete = ErrorCode("E_SIMULATOR_INCOMPLETE")
    public static let io = ErrorCode("E_IO")
    public static let `internal` = ErrorCode("E_INTERNAL")
}

/// The one catalogue of every error the platform can report.
///
/// Adding an error means adding a code above and an entry here; `docs/errors.md` is generated
/// from this list (`tradehub errors list --markdown`) and a test fails when it is stale.
public enum ErrorCatalogue {
    public static let all: [ErrorDefinition] = [
        ErrorDefinition(
            .configFileNotFound, domain: "config", status: 500, title: "Configuration file not found",
            template: "configuration file '{path}' does not exist or cannot be read",
            remediation: "Check the --config path or TRADEHUB_CONFIG; omit it to run on defaults."),
        ErrorDefinition(
            .configSyntax, domain: "config", status: 500, title: "Configuration syntax error",
            template: "{source}: {problem}",
            remediation: "Fix the line shown; the file is TOML: `[section]` headers and `key = value` lines."),
        ErrorDefinition(
            .configUnknownKey, domain: "config", status: 500, title: "Unknown configuration key",
            template: "unknown configuration key '{key}' at {source}; known keys: {allowed}",
            remediation: "Remove or correct the key; `tradehub config show` lists every key."),
        ErrorDefinition(
            .configType, domain: "config", status: 500, title: "Configuration value of the wrong type",
            template: "configuration key '{key}' at {source} must be {expected}, got '{value}'",
            remediation: "Give the key a value of the type shown; `tradehub config show` lists types."),
        ErrorDefinition(
            .configRange, domain: "config", status: 500, title: "Configuration value out of range",
            template: "configuration key '{key}' at {source} is '{value}'; allowed: {allowed}",
            remediation: "Choose one of the allowed values shown."),
        ErrorDefinition(
            .dataDirLocked, domain: "storage", status: 503, title: "Data directory in use",
            template: "data directory '{path}' is in use by another tradehub process{holder}",
            remediation: "Stop the other process (or use a different --data-dir); two processes never share one."),
        ErrorDefinition(
            .dataDirUnusable, domain: "storage", status: 500, title: "Data directory unusable",
            template: "data directory '{path}' cannot be used: {reason}",
            remediation: "Create the directory or fix its permissions, or pass another --data-dir."),
        ErrorDefinition(
            .storageOpen, domain: "storage", status: 500, title: "Database cannot be opened",
            template: "cannot open database '{path}': {reason}",
            remediation: "Check the file is a Tradehub SQLite database and the disk is writable; restore from backup if corrupt."),
        ErrorDefinition(
            .storageMigration, domain: "storage", status: 500, title: "Migration failed",
            template: "migration '{migration}' failed on '{path}': {reason}",
            remediation: "Nothing was changed by the failed migration; report the error with `tradehub db status --json`."),
        ErrorDefinition(
            .storageSchemaTooNew, domain: "storage", status: 500, title: "Database newer than this binary",
            template: "database '{path}' has migrations this binary does not know: {unknown}",
            remediation: "Run a tradehub release at least as new as the one that last wrote this data directory."),
        ErrorDefinition(
            .storageQuery, domain: "storage", status: 500, title: "Database operation failed",
            template: "database operation '{operation}' failed: {reason}",
            remediation: "Check free disk space and file permissions under the data directory."),
        ErrorDefinition(
            .modelUnknown, domain: "models", status: 404, title: "Unknown model",
            template: "no model '{id}' in this tenant's registry",
            remediation: "`tradehub models list` shows the registered models and their ids (m1, m2, …)."),
        ErrorDefinition(
            .modelIsChampion, domain: "models", status: 409, title: "Model is a champion",
            template: "model '{id}' is the champion of its symbol and timeframe and cannot be deleted",
            remediation: "Promote another model (or roll back) first, then delete this one."),
        ErrorDefinition(
            .modelNoPrevious, domain: "models", status: 409, title: "No earlier champion",
            template: "{symbol} {timeframe} has no earlier champion to roll back to",
            remediation: "`tradehub models list --symbol S --timeframe TF` shows the versions; promote one by id instead."),
        ErrorDefinition(
            .modelNoChampion, domain: "models", status: 409, title: "No champion",
            template: "{symbol} {timeframe} has no champion to retrain against",
            remediation: "Train a model (`tradehub train … --symbol S`) and `tradehub models promote ID` it first."),
        ErrorDefinition(
            .modelInUse, domain: "models", status: 409, title: "Model is an ensemble member",
            template: "model '{id}' is a member of ensemble {ensembles} and cannot be deleted",
            remediation: "Delete the ensembles that use it first (`tradehub models delete ID`), then this model."),
        ErrorDefinition(
            .hubDuplicateService, domain: "hub", status: 500, title: "Service registered twice",
            template: "service '{service}' is registered twice",
            remediation: "Register each service once; names must be unique."),
        ErrorDefinition(
            .hubUnknownDependency, domain: "hub", status: 500, title: "Service depends on an unregistered service",
            template: "service '{service}' depends on '{dependency}', which is not registered",
            remediation: "Enable the dependency too (see `tradehub services`) or remove it from the service."),
        ErrorDefinition(
            .hubDependencyCycle, domain: "hub", status: 500, title: "Service dependency cycle",
            template: "services depend on each other in a cycle: {cycle}",
            remediation: "Break the cycle; dependencies must form a directed acyclic graph."),
        ErrorDefinition(
            .hubServiceFailed, domain: "hub", status: 500, title: "Service failed",
            template: "service '{service}' stopped with an error: {reason}",
            remediation: "Read the service's log lines above; the other services were shut down cleanly."),
        ErrorDefinition(
            .httpNotFound, domain: "http", status: 404, title: "Not found",
            template: "no route for {method} {path}",
            remediation: "Check the URL; GET /api/v1/services lists what this server offers."),
        ErrorDefinition(
            .httpMethodNotAllowed, domain: "http", status: 405, title: "Method not allowed",
            template: "{method} is not allowed on {path}",
            remediation: "Use one of the methods the endpoint documents."),
        ErrorDefinition(
            .httpBadRequest, domain: "http", status: 400, title: "Bad request",
            template: "bad request: {reason}",
            remediation: "Correct the request as the message says."),
        ErrorDefinition(
            .httpStatus, domain: "http", status: 500, title: "HTTP error",
            template: "HTTP {status}: {reason}",
            remediation: "See the status; retry later if it is 5xx."),
        ErrorDefinition(
            .serverBind, domain: "http", status: 500, title: "Cannot listen on address",
            template: "cannot listen on {address}: {reason}",
            remediation: "Another process may hold the port: stop it, or choose another with --port / --host."),
        ErrorDefinition(
            .serverUnreachable, domain: "http", status: 503, title: "Server unreachable",
            template: "no tradehub server answers at {address}: {reason}",
            remediation: "Start it with `tradehub serve`, or point --host/--port at the running one."),
        ErrorDefinition(
            .notReady, domain: "http", status: 503, title: "Not ready",
            template: "not ready: {reason}",
            remediation: "Wait for start-up to finish; GET /ready shows each service's health."),
        ErrorDefinition(
            .inputNotFound, domain: "input", status: 404, title: "Input file not found",
            template: "cannot read '{path}': no such file, or not readable",
            remediation: "Check the path and its permissions."),
        ErrorDefinition(
            .inputEncoding, domain: "input", status: 400, title: "Input file not text",
            template: "'{path}' is not valid {encoding} text",
            remediation: "Save the file as UTF-8 (or UTF-16 with a byte-order mark, as MT5 exports)."),
        ErrorDefinition(
            .csvEmpty, domain: "input", status: 400, title: "Empty CSV file",
            template: "'{path}' is empty: no header line",
            remediation: "Give a CSV with a header line and at least one row."),
        ErrorDefinition(
            .csvHeader, domain: "input", status: 400, title: "CSV header lacks a column",
            template: "{path}:1: the header has no {missing} column; found: {found}",
            remediation: "Name the columns time (or leave the first cell empty), Open, High, Low, Close and optionally Volume."),
        ErrorDefinition(
            .csvMalformed, domain: "input", status: 400, title: "Malformed CSV cell",
            template: "{path}:{line}: {column} '{value}': {problem}",
            remediation: "Fix or remove the line shown; numbers are plain decimals such as 1.0925 or 1e-5."),
        ErrorDefinition(
            .malformed, domain: "market-data", status: 422, title: "Malformed tick",
            template: "{source}: malformed {field} '{value}': {problem}",
            remediation: "The line was quarantined; fix the exporter or the file and re-import (re-import is idempotent)."),
        ErrorDefinition(
            .nonPositivePrice, domain: "market-data", status: 422, title: "Non-positive price",
            template: "{source}: {field} is {value}; prices must be positive",
            remediation: "The tick was quarantined; check the feed for zero or negative quotes."),
        ErrorDefinition(
            .crossedQuote, domain: "market-data", status: 422, title: "Crossed quote",
            template: "{source}: bid {bid} is above ask {ask}",
            remediation: "The tick was quarantined; a crossed quote is a feed error, not a price."),
        ErrorDefinition(
            .outOfOrder, domain: "market-data", status: 422, title: "Tick out of order",
            template: "{source}: tick at {time} is earlier than the last accepted tick of {symbol} at {last}",
            remediation: "Import files in time order; ticks in the same millisecond are kept."),
        ErrorDefinition(
            .duplicate, domain: "market-data", status: 422, title: "Duplicate tick",
            template: "{source}: tick at {time} repeats the previous accepted tick of {symbol} exactly",
            remediation: "Nothing to do: the copy was quarantined, the original kept."),
        ErrorDefinition(
            .spike, domain: "market-data", status: 422, title: "Price spike",
            template: "{source}: mid {mid} jumps {jump} from {previous}, {multiple}× the recent robust volatility {scale}, and the next ticks did not confirm it",
            remediation: "If the move was real, raise market.spike_multiple; confirmed level shifts are never rejected."),
        ErrorDefinition(
            .unknownSymbol, domain: "market-data", status: 422, title: "Unknown symbol",
            template: "{source}: symbol {symbol} is not in the configured symbol list",
            remediation: "Add the symbol to market.symbols, or remove the list to accept every symbol."),
        ErrorDefinition(
            .tenantUnknown, domain: "tenants", status: 404, title: "Unknown tenant",
            template: "no tenant '{tenant}'; known: {known}",
            remediation: "Give a tenant id or name that exists; without --tenant the default tenant is used."),
        ErrorDefinition(
            .tenantExists, domain: "tenants", status: 409, title: "Tenant exists",
            template: "a tenant named '{name}' already exists",
            remediation: "Choose another name, or rotate the existing tenant's key with `tradehub tenant rotate-key`."),
        ErrorDefinition(
            .tenantName, domain: "tenants", status: 400, title: "Bad tenant name",
            template: "'{name}' cannot be a tenant name",
            remediation: "Use 1–100 characters that are not all digits (digits alone are tenant ids)."),
        ErrorDefinition(
            .helloRequired, domain: "bridge", status: 400, title: "HELLO required",
            template: "{source}: '{message}' before a successful HELLO",
            remediation: "The terminal must send HELLO|1|login|key|server|stream|tz first; update the Expert Advisor."),
        ErrorDefinition(
            .auth, domain: "bridge", status: 401, title: "Bridge key refused",
            template: "{source}: the bridge key is not valid for any tenant",
            remediation: "Set the EA's key input to the key `tradehub tenant create` or `tenant rotate-key` printed."),
        ErrorDefinition(
            .version, domain: "bridge", status: 400, title: "Unsupported protocol version",
            template: "{source}: protocol version '{version}' is not supported; supported: {supported}",
            remediation: "Install the Expert Advisor that matches this server (mt5/TradehubBridge.mq5)."),
        ErrorDefinition(
            .lineTooLong, domain: "bridge", status: 400, title: "Protocol line too long",
            template: "{source}: a line exceeds {limit} bytes",
            remediation: "Lines are at most 4096 bytes; check the sender for a missing newline."),
        ErrorDefinition(
            .seqGap, domain: "bridge", status: 409, title: "Sequence gap",
            template: "expected {expected}, got {got}",
            remediation: "The EA reconnects and resends from WELCOME's last_seq + 1; nothing is lost."),
        ErrorDefinition(
            .overloaded, domain: "bridge", status: 503, title: "Bridge overloaded",
            template: "{source}: {reason}",
            remediation: "The EA retries with backoff; raise bridge.max_connections or bridge.max_pending, or add capacity."),
        ErrorDefinition(
            .orderField, domain: "orders", status: 400, title: "Invalid order field",
            template: "order {field} '{value}': {problem}",
            remediation: "Fix the field shown; `tradehub order send --help` lists the fields and their ranges."),
        ErrorDefinition(
            .orderUnroutable, domain: "orders", status: 409, title: "No terminal for the order",
            template: "no terminal with login {login} is connected to the bridge; order {order_id} was not sent",
            remediation: "Start the Expert Advisor for that account (see mt5/README.md) and send the order again."),
        ErrorDefinition(
            .orderUnknown, domain: "orders", status: 404, title: "Unknown order",
            template: "no order '{order_id}'",
            remediation: "`tradehub order list` shows the orders of the tenant."),
        ErrorDefinition(
            .noLiveData, domain: "bridge", status: 404, title: "No live data",
            template: "no live tick of {symbol} has reached the bridge for tenant {tenant} since it started",
            remediation: "Check the terminal streams the symbol (`tradehub services`, the EA's journal); stored bars: `tradehub bars`."),
        ErrorDefinition(
            .formatUnknown, domain: "market-data", status: 400, title: "Unrecognised file format",
            template: "{path}:{line}: cannot tell the format of this file ({reason})",
            remediation: "Force one with --format mt5-ticks|mt5-bars|histdata-ticks|histdata-m1|ohlcv|ticks-csv."),
        ErrorDefinition(
            .symbolNotInferred, domain: "market-data", status: 400, title: "Symbol not known",
            template: "cannot infer the symbol of '{path}'",
            remediation: "Pass --symbol NAME."),
        ErrorDefinition(
            .timeParse, domain: "market-data", status: 400, title: "Bad time",
            template: "cannot read '{value}' as a time: {problem}",
            remediation: "Use ISO 8601 (2024-01-02T00:00:00Z), a date (2024-01-02) or epoch milliseconds."),
        ErrorDefinition(
            .noMarketData, domain: "market-data", status: 404, title: "No market data",
            template: "no stored ticks of {symbol} and no stored bars that make {timeframe} ({stored} stored)",
            remediation: "Import ticks or bars of a timeframe at or below the one asked (`tradehub import`)."),
        ErrorDefinition(
            .noTicks, domain: "market-data", status: 422, title: "No ticks",
            template: "'{path}' holds no valid tick ({quarantined} quarantined by validation)",
            remediation: "Give a tick file (MT5 Export ticks, histdata ticks or ticks-csv) with valid ticks; `tradehub import` and `tradehub quarantine` show why ticks are rejected."),
        ErrorDefinition(
            .indicatorUnknown, domain: "indicators", status: 400, title: "Unknown indicator",
            template: "unknown indicator function '{name}'; known: {known}",
            remediation: "Use a TA-Lib function name; `tradehub ta --list` shows every function."),
        ErrorDefinition(
            .indicatorSyntax, domain: "indicators", status: 400, title: "Malformed indicator spec",
            template: "cannot read indicator spec '{spec}': {problem}",
            remediation: "Write NAME or NAME(arg,…) with numeric arguments, e.g. SMA(20) or BBANDS(20,2,2)."),
        ErrorDefinition(
            .indicatorArguments, domain: "indicators", status: 400, title: "Wrong number of indicator arguments",
            template: "{spec} has {count} arguments; expected {expected}",
            remediation: "Drop the extra arguments; missing ones take TA-Lib's defaults (`tradehub ta --list`)."),
        ErrorDefinition(
            .indicatorArgumentRange, domain: "indicators", status: 400, title: "Indicator argument out of range",
            template: "{spec}: {parameter} = {value} is not allowed; expected {allowed}",
            remediation: "Choose a value in the range shown (TA-Lib's limits)."),
        ErrorDefinition(
            .featureSyntax, domain: "features", status: 400, title: "Malformed feature spec",
            template: "cannot read feature '{spec}': {problem}",
            remediation: "Write a `tradehub ta` function (RSI(14), MACD.macd, RSI(14)@H4), return(n), lag(SPEC,n), hour(), dow() or spread()."),
        ErrorDefinition(
            .featureFile, domain: "features", status: 400, title: "Bad feature-set file",
            template: "{source}: {problem}",
            remediation: "Fix the entry shown; the file lists feature specs as strings under [features] (TOML) or \"features\" (JSON)."),
        ErrorDefinition(
            .featureTimeframe, domain: "features", status: 400, title: "Unusable feature timeframe",
            template: "feature '{spec}' on {timeframe}: {problem}",
            remediation: "Give the bars' timeframe (--timeframe) and suffix only a higher one that bars of it tile, e.g. H1 data with @H4 or @D1."),
        ErrorDefinition(
            .labelSyntax, domain: "features", status: 400, title: "Malformed label spec",
            template: "cannot read label '{spec}': {problem}",
            remediation: "Write direction(h=12,threshold=0.0005[,neutral=drop]) or triple_barrier(tp=0.002,sl=0.002,h=24)."),
        ErrorDefinition(
            .strategyNeedsModel, domain: "strategy", status: 400, title: "Strategy needs a model",
            template: "strategy '{strategy}' trades a model's predictions; no model was given",
            remediation: "Pass --model ID with a model from `tradehub train` (`tradehub models list` shows them)."),
        ErrorDefinition(
            .strategyUnknown, domain: "strategy", status: 400, title: "Unknown strategy",
            template: "no strategy named '{name}'; known: {known}",
            remediation: "Run `tradehub strategies` to see the built-in strategies and their parameters."),
        ErrorDefinition(
            .strategyParameter, domain: "strategy", status: 400, title: "Bad strategy parameter",
            template: "{strategy}: parameter '{parameter}' {problem}",
            remediation: "Pass --param NAME=NUMBER with a parameter `tradehub strategies` lists for this strategy."),
        ErrorDefinition(
            .orderInvalid, domain: "strategy", status: 400, title: "Invalid order",
            template: "order rejected: {problem}",
            remediation: "A long order needs SL < price < TP, a short one TP < price < SL; sizes are a fraction in (0, 1) of equity or whole units."),
        ErrorDefinition(
            .backtestArgument, domain: "backtest", status: 400, title: "Bad backtest argument",
            template: "{argument} = {value}: {problem}",
            remediation: "Use backtesting.py's ranges: cash > 0, 0 < margin ≤ 1, -0.1 ≤ commission < 0.1, spread ≥ 0."),
        ErrorDefinition(
            .forexArgument, domain: "backtest", status: 400, title: "Bad forex argument",
            template: "--{argument} = {value}: {problem}",
            remediation: "Forex mode takes one of --lots or --risk-pct, --symbol or --digits, and positive --contract-size, --leverage, --spread-points, --commission-per-lot."),
        ErrorDefinition(
            .forexNeedsStopLoss, domain: "backtest", status: 400, title: "Risk sizing without a stop-loss",
            template: "--risk-pct {value} sizes each order by its stop-loss, but {problem}",
            remediation: "Give the orders a stop-loss (built-ins: --param sl=0.005 is 0.5 % below a long's close) or size with --lots."),
        ErrorDefinition(
            .forexQuoteRate, domain: "backtest", status: 400, title: "No rate from quote to account currency",
            template: "{symbol} profits are in {quote}, which is neither side of the {account} account",
            remediation: "Pass --quote-rate R (account currency per 1 unit of the quote currency) or an --account-currency the symbol contains."),
        ErrorDefinition(
            .learningData, domain: "learning", status: 400, title: "Unusable training data",
            template: "training data: {problem}",
            remediation: "Give rows × columns feature values (NaN marks a missing one), one finite label per row and optional non-negative weights."),
        ErrorDefinition(
            .learningParameter, domain: "learning", status: 400, title: "Bad training parameter",
            template: "training parameter '{parameter}' = '{value}': {problem}",
            remediation: "Set objective, seed, nthread and rounds through their own options; other keys are XGBoost's parameters."),
        ErrorDefinition(
            .xgboost, domain: "learning", status: 500, title: "XGBoost call failed",
            template: "XGBoost {call} failed: {reason}",
            remediation: "Fix what XGBoost's message names (often a parameter); if the library is missing, run scripts/run to install libxgboost-dev."),
        ErrorDefinition(
            .modelFormat, domain: "learning", status: 422, title: "Unreadable XGBoost model",
            template: "cannot read XGBoost model {source}: {problem}",
            remediation: "Save the model as XGBoost JSON from a gbtree booster with numerical splits and objective binary:logistic or reg:squarederror."),
        ErrorDefinition(
            .cvArgument, domain: "learning", status: 400, title: "Bad cross-validation argument",
            template: "cross-validation: {problem}",
            remediation: "Use folds ≥ 2, embargo ≥ 0 and enough rows that every fold keeps training rows after purging and embargo."),
        ErrorDefinition(
            .metricUndefined, domain: "learning", status: 422, title: "Metric undefined",
            template: "{metric} is undefined: {reason}",
            remediation: "Evaluate on a fold that holds both classes and one prediction per label."),
        ErrorDefinition(
            .unknownErrorCode, domain: "cli", status: 404, title: "Unknown error code",
            template: "'{code}' is not an error code in the catalogue",
            remediation: "Run `tradehub errors list` to see every code."),
        ErrorDefinition(
            .usage, domain: "cli", status: 400, title: "Invalid command-line argument",
            template: "{argument}: {problem}",
            remediation: "See `tradehub help <command>` for the arguments a command takes."),
        ErrorDefinition(
            .benchUnknown, domain: "cli", status: 400, title: "Unknown benchmark",
            template: "no benchmark named '{name}'; known: {known}",
            remediation: "Run `tradehub bench --list` to see the benchmarks."),
        ErrorDefinition(
            .benchFailed, domain: "cli", status: 500, title: "Benchmark failed",
            template: "benchmark '{name}' failed: {reason}",
            remediation: "Run the benchmark alone with --log-level debug to see what went wrong."),
        ErrorDefinition(
            .simulatorIncomplete, domain: "bridge", status: 500, title: "Simulator did not finish",
            template: "bridge-sim stopped before every message was acknowledged: {reason}",
            remediation: "Check the server's ERROR line above (E_AUTH: key, E_VERSION: protocol) and that the bridge is running at --host/--port."),
        ErrorDefinition(
            .io, domain: "general", status: 500, title: "I/O error",
            template: "{operation} '{path}' failed: {reason}",
            remediation: "Check the path exists, permissions and free disk space."),
        ErrorDefinition(
            .internal, domain: "general", status: 500, title: "Internal error",
            template: "internal error: {reason}",
            remediation: "This is a bug: report it with the fingerprint and the log lines around it."),
    ]

    private static let byCode: [ErrorCode: ErrorDefinition] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.code, $0) })

    /// The definition of `code`, or nil when it is not catalogued.
    public static func definition(for code: ErrorCode) -> ErrorDefinition? { byCode[code] }

    /// The catalogue as Markdown; the content of `docs/errors.md`.
    public static func markdown() -> String {
        var out = """
            # Error catalogue

            Generated by `tradehub errors list --markdown`; do not edit by hand.
            Every error Tradehub reports carries one of these codes: the CLI prints
            `error[CODE]: message` and `hint: remediation`, the HTTP API answers
            `application/problem+json` with the same `code`.

            | code | domain | HTTP | message | remediation |
            |---|---|---|---|---|

            """
        for entry in all.sorted(by: { $0.code < $1.code }) {
            let cells = [
                "`\(entry.code)`", entry.domain, String(entry.httpStatus),
                entry.template, entry.remediation,
            ].map { $0.replacingOccurrences(of: "|", with: "\\|") }
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
