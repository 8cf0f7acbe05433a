import ErrorDNA
import Foundation
import GRDB
import TradehubModel

/// Where a model version stands in its series (tenant, symbol, timeframe).
public enum ModelStatus: String, Sendable, Codable, CaseIterable {
    /// Trained and registered, never promoted (or a challenger that lost).
    case candidate
    /// The one version that serves decisions for its series.
    case champion
    /// A former champion.
    case retired
}

/// What a model version was made from and how it scored out of sample: everything needed to
/// reproduce it and to judge it, without the trained trees themselves.
public struct ModelSpec: Sendable, Equatable, Codable {
    public var symbol: String
    public var timeframe: String
    /// The model family, e.g. `xgboost:binary:logistic` or `ensemble:mean`.
    public var kind: String
    /// The canonical feature-set text and its hash.
    public var featureSet: String
    public var featureHash: String
    public var label: String
    /// The time range of the bars it was trained and validated on, milliseconds since 1970.
    public var dataFromMs: Int64
    public var dataToMs: Int64
    public var parameters: [String: String]
    /// Out-of-sample metrics (`auc`, `logloss`, `accuracy`, …).
    public var metrics: [String: Double]
    /// The model it was retrained from, or the members of an ensemble `tradehub ensemble` built
    /// (an ensemble's members are always its `members` parameter).
    public var parent: String?

    public init(
        symbol: String, timeframe: String, kind: String, featureSet: String, featureHash: String, label: String,
        dataFromMs: Int64, dataToMs: Int64, parameters: [String: String], metrics: [String: Double], parent: String? = nil
    ) {
        self.symbol = symbol
        self.timeframe = timeframe
        self.kind = kind
        self.featureSet = featureSet
        self.featureHash = featureHash
        self.label = label
        self.dataFromMs = dataFromMs
        self.dataToMs = dataToMs
        self.parameters = parameters
        self.metrics = metrics
        self.parent = parent
    }

    enum CodingKeys: String, CodingKey {
        case symbol, timeframe, kind, featureSet = "feature_set", featureHash = "feature_hash", label
        case dataFromMs = "data_from_ms", dataToMs = "data_to_ms", parameters, metrics, parent
    }
}

/// A registered model version: its id (`m1`, `m2`, …), owner, spec and status.
public struct ModelVersion: Sendable, Equatable, Codable {
    public var id: String
    public var tenant: TenantID
    public var spec: ModelSpec
    public var status: ModelStatus
    public var createdMs: Int64

    public init(id: String, tenant: TenantID, spec: ModelSpec, status: ModelStatus, createdMs: Int64) {
        self.id = id
        self.tenant = tenant
        self.spec = spec
        self.status = status
        self.createdMs = createdMs
    }

    enum CodingKeys: String, CodingKey { case id, tenant, status, createdMs = "created_ms" }

    /// One flat JSON object: the version's own keys beside the spec's.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), tenant: try c.decode(TenantID.self, forKey: .tenant),
            spec: try ModelSpec(from: decoder), status: try c.decode(ModelStatus.self, forKey: .status),
            createdMs: try c.decode(Int64.self, forKey: .createdMs))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(tenant, forKey: .tenant)
        try c.encode(status, forKey: .status)
        try c.encode(createdMs, forKey: .createdMs)
        try spec.encode(to: encoder)
    }
}

/// One logged decision about a series' champion: a promotion, a rollback, or a retraining whose
/// challenger did not beat the champion, with both scores when there were two.
public struct ChampionDecision: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Codable {
        case promote, rollback, kept
    }

    public var symbol: String
    public var timeframe: String
    public var action: Action
    /// The champion after the decision.
    public var champion: String?
    /// The champion before it.
    public var previous: String?
    public var challenger: String?
    public var metric: String?
    public var championScore: Double?
    public var challengerScore: Double?
    public var reason: String
    public var atMs: Int64

    public init(
        symbol: String, timeframe: String, action: Action, champion: String?, previous: String?, challenger: String? = nil,
        metric: String? = nil, championScore: Double? = nil, challengerScore: Double? = nil, reason: String, atMs: Int64
    ) {
        self.symbol = symbol
        self.timeframe = timeframe
        self.action = action
        self.champion = champion
        self.previous = previous
        self.challenger = challenger
        self.metric = metric
        self.championScore = championScore
        self.challengerScore = challengerScore
        self.reason = reason
        self.atMs = atMs
    }

    enum CodingKeys: String, CodingKey {
        case symbol, timeframe, action, champion, previous, challenger, metric, championScore = "champion_score"
        case challengerScore = "challenger_score", reason, atMs = "at_ms"
    }
}

/// The model registry's storage: versions with their trained artifact, one champion per
/// (tenant, symbol, timeframe), and the log of champion decisions. Every query takes the tenant.
public protocol ModelStore: Sendable {
    /// Stores a new candidate version with its artifact (the trained model file's bytes).
    func register(_ spec: ModelSpec, artifact: Data, tenant: TenantID, nowMs: Int64) throws -> ModelVersion
    func model(tenant: TenantID, id: String) throws -> ModelVersion?
    func artifact(tenant: TenantID, id: String) throws -> Data?
    /// Versions, newest first, optionally of one symbol and timeframe.
    func models(tenant: TenantID, symbol: String?, timeframe: String?) throws -> [ModelVersion]
    func champion(tenant: TenantID, symbol: String, timeframe: String) throws -> ModelVersion?
    /// Makes `id` its series' champion (the former one retires) and logs `decision` with it.
    /// - Throws: `E_MODEL_UNKNOWN`.
    @discardableResult
    func promote(tenant: TenantID, id: String, decision: ChampionDecision) throws -> ModelVersion
    /// Gives the champion's place back to the champion it replaced.
    /// - Throws: `E_MODEL_NO_PREVIOUS` when there is none.
    @discardableResult
    func rollback(tenant: TenantID, symbol: String, timeframe: String, nowMs: Int64) throws -> ModelVersion
    /// Deletes a version that is not a champion, nor a member of a registered ensemble (whose
    /// `members` parameter lists them; its `parent` may instead be the ensemble it was retrained from).
    /// - Throws: `E_MODEL_UNKNOWN`, `E_MODEL_IS_CHAMPION`, `E_MODEL_IN_USE`.
    func delete(tenant: TenantID, id: String) throws
    /// Logs a decision that changes no status (a challenger that lost).
    func log(_ decision: ChampionDecision, tenant: TenantID) throws
    /// The decisions of a series, oldest first.
    func decisions(tenant: TenantID, symbol: String, timeframe: String) throws -> [ChampionDecision]
}

/// The SQLite implementation of `ModelStore`.
public struct SQLiteModelStore: ModelStore {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) { self.database = database }

    private static let columns = """
        id, tenant_id, symbol, timeframe, kind, feature_set, feature_hash, label, data_from_ms, data_to_ms, parameters,
        metrics, parent, status, created_ms
        """

    public func register(_ spec: ModelSpec, artifact: Data, tenant: TenantID, nowMs: Int64) throws -> ModelVersion {
        try database.write("register model") { db in
            try db.execute(
                sql: """
                    INSERT INTO model_version (tenant_id, symbol, timeframe, kind, feature_set, feature_hash, label,
                        data_from_ms, data_to_ms, parameters, metrics, parent, status, created_ms, artifact)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    tenant.rawValue, spec.symbol, spec.timeframe, spec.kind, spec.featureSet, spec.featureHash, spec.label,
                    spec.dataFromMs, spec.dataToMs, try Self.json(spec.parameters), try Self.json(spec.metrics), spec.parent,
                    ModelStatus.candidate.rawValue, nowMs, artifact,
                ])
            return ModelVersion(
                id: Self.name(db.lastInsertedRowID), tenant: tenant, spec: spec, status: .candidate, createdMs: nowMs)
        }
    }

    public func model(tenant: TenantID, id: String) throws -> ModelVersion? {
        try database.read("read model") { db in try Self.fetch(db, tenant: tenant, id: id) }
    }

    public func artifact(tenant: TenantID, id: String) throws -> Data? {
        guard let rowID = Self.rowID(id) else { return nil }
        return try database.read("read model artifact") { db in
            try Data.fetchOne(
                db, sql: "SELECT artifact FROM model_version WHERE tenant_id = ? AND id = ?",
                arguments: [tenant.rawValue, rowID])
        }
    }

    public func models(tenant: TenantID, symbol: String?, timeframe: String?) throws -> [ModelVersion] {
        try database.read("list models") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.columns) FROM model_version
                    WHERE tenant_id = ? AND (? IS NULL OR symbol = ?) AND (? IS NULL OR timeframe = ?)
                    ORDER BY id DESC
                    """,
                arguments: [tenant.rawValue, symbol, symbol, timeframe, timeframe]
            ).map(Self.version(from:))
        }
    }

    public func champion(tenant: TenantID, symbol: String, timeframe: String) throws -> ModelVersion? {
        try database.read("read champion") { db in try Self.champion(db, tenant: tenant, symbol: symbol, timeframe: timeframe) }
    }

    public func promote(tenant: TenantID, id: String, decision: ChampionDecision) throws -> ModelVersion {
        try database.write("promote model") { db in
            guard let version = try Self.fetch(db, tenant: tenant, id: id) else {
                throw TradehubError(.modelUnknown, ["id": id])
            }
            try Self.crown(db, version)
            try Self.insert(db, decision, tenant: tenant)
            var champion = version
            champion.status = .champion
            return champion
        }
    }

    public func rollback(tenant: TenantID, symbol: String, timeframe: String, nowMs: Int64) throws -> ModelVersion {
        try database.write("roll back champion") { db in
            let current = try Self.champion(db, tenant: tenant, symbol: symbol, timeframe: timeframe)
            // The champion that the current one replaced, as logged when it was crowned.
            let previousID = try String.fetchOne(
                db,
                sql: """
                    SELECT previous FROM model_decision
                    WHERE tenant_id = ? AND symbol = ? AND timeframe = ? AND champion = ? AND action IN ('promote', 'rollback')
                    ORDER BY id DESC LIMIT 1
                    """,
                arguments: [tenant.rawValue, symbol, timeframe, current?.id])
            guard let current, let previousID, let previous = try Self.fetch(db, tenant: tenant, id: previousID) else {
                throw TradehubError(.modelNoPrevious, ["symbol": symbol, "timeframe": timeframe])
            }
            try Self.crown(db, previous)
            let decision = ChampionDecision(
                symbol: symbol, timeframe: timeframe, action: .rollback, champion: previous.id, previous: current.id,
                reason: "rolled back by hand", atMs: nowMs)
            try Self.insert(db, decision, tenant: tenant)
            var champion = previous
            champion.status = .champion
            return champion
        }
    }

    public func delete(tenant: TenantID, id: String) throws {
        try database.write("delete model") { db in
            guard let version = try Self.fetch(db, tenant: tenant, id: id) else {
                throw TradehubError(.modelUnknown, ["id": id])
            }
            guard version.status != .champion else { throw TradehubError(.modelIsChampion, ["id": id]) }
            let ensembles = try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM model_version
                    WHERE tenant_id = ? AND kind LIKE 'ensemble:%'
                        AND ',' || json_extract(parameters, '$.members') || ',' LIKE '%,' || ? || ',%'
                    ORDER BY id
                    """,
                arguments: [tenant.rawValue, id])
            guard ensembles.isEmpty else {
                throw TradehubError(.modelInUse, ["id": id, "ensembles": ensembles.map(Self.name).joined(separator: ", ")])
            }
            try db.execute(
                sql: "DELETE FROM model_version WHERE tenant_id = ? AND id = ?",
                arguments: [tenant.rawValue, Self.rowID(id)])
        }
    }

    public func log(_ decision: ChampionDecision, tenant: TenantID) throws {
        try database.write("log model decision") { db in try Self.insert(db, decision, tenant: tenant) }
    }

    public func decisions(tenant: TenantID, symbol: String, timeframe: String) throws -> [ChampionDecision] {
        try database.read("list model decisions") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT symbol, timeframe, action, champion, previous, challenger, metric, champion_score,
                           challenger_score, reason, at_ms
                    FROM model_decision WHERE tenant_id = ? AND symbol = ? AND timeframe = ? ORDER BY id
                    """,
                arguments: [tenant.rawValue, symbol, timeframe]
            ).map { row in
                ChampionDecision(
                    symbol: row[0], timeframe: row[1], action: ChampionDecision.Action(rawValue: row[2]) ?? .kept,
                    champion: row[3], previous: row[4], challenger: row[5], metric: row[6], championScore: row[7],
                    challengerScore: row[8], reason: row[9], atMs: row[10])
            }
        }
    }

    // MARK: helpers

    /// Retires the series' champion, if any, and makes `version` the champion.
    private static func crown(_ db: Database, _ version: ModelVersion) throws {
        try db.execute(
            sql: """
                UPDATE model_version SET status = 'retired'
                WHERE tenant_id = ? AND symbol = ? AND timeframe = ? AND status = 'champion'
                """,
            arguments: [version.tenant.rawValue, version.spec.symbol, version.spec.timeframe])
        try db.execute(
            sql: "UPDATE model_version SET status = 'champion' WHERE id = ?", arguments: [rowID(version.id)])
    }

    private static func insert(_ db: Database, _ decision: ChampionDecision, tenant: TenantID) throws {
        try db.execute(
            sql: """
                INSERT INTO model_decision (tenant_id, symbol, timeframe, action, champion, previous, challenger, metric,
                    champion_score, challenger_score, reason, at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                tenant.rawValue, decision.symbol, decision.timeframe, decision.action.rawValue, decision.champion,
                decision.previous, decision.challenger, decision.metric, decision.championScore, decision.challengerScore,
                decision.reason, decision.atMs,
            ])
    }

    private static func champion(_ db: Database, tenant: TenantID, symbol: String, timeframe: String) throws -> ModelVersion? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT \(columns) FROM model_version
                WHERE tenant_id = ? AND symbol = ? AND timeframe = ? AND status = 'champion'
                """,
            arguments: [tenant.rawValue, symbol, timeframe]
        ).map(version(from:))
    }

    private static func fetch(_ db: Database, tenant: TenantID, id: String) throws -> ModelVersion? {
        guard let rowID = rowID(id) else { return nil }
        return try Row.fetchOne(
            db, sql: "SELECT \(columns) FROM model_version WHERE tenant_id = ? AND id = ?",
            arguments: [tenant.rawValue, rowID]
        ).map(version(from:))
    }

    private static func version(from row: Row) -> ModelVersion {
        let spec = ModelSpec(
            symbol: row[2], timeframe: row[3], kind: row[4], featureSet: row[5], featureHash: row[6], label: row[7],
            dataFromMs: row[8], dataToMs: row[9], parameters: decode(row[10]) ?? [:], metrics: decode(row[11]) ?? [:],
            parent: row[12])
        return ModelVersion(
            id: name(row[0]), tenant: TenantID(rawValue: row[1]), spec: spec,
            status: ModelStatus(rawValue: row[13]) ?? .candidate, createdMs: row[14])
    }

    /// Model ids are `m` and the row id: short enough to type.
    private static func name(_ rowID: Int64) -> String { "m\(rowID)" }

    private static func rowID(_ id: String) -> Int64? {
        guard id.first == "m" else { return nil }
        return Int64(id.dropFirst())
    }

    private static func json<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func decode<Value: Decodable>(_ text: String) -> Value? {
        try? JSONDecoder().decode(Value.self, from: Data(text.utf8))
    }
}
