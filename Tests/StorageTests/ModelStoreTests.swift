import ErrorDNA
import Foundation
import Storage
import Testing
import TradehubModel

@Suite("Model registry store")
struct ModelStoreTests {
    static func spec(_ symbol: String = "EURUSD", auc: Double = 0.55, parent: String? = nil) -> ModelSpec {
        ModelSpec(
            symbol: symbol, timeframe: "H1", kind: "xgboost:binary:logistic", featureSet: "RSI(14)", featureHash: "abc",
            label: "direction(h=12,threshold=0.0005)", dataFromMs: 1, dataToMs: 2, parameters: ["max_depth": "6"],
            metrics: ["auc": auc], parent: parent)
    }

    static func promotion(_ id: String, previous: String?) -> ChampionDecision {
        ChampionDecision(symbol: "EURUSD", timeframe: "H1", action: .promote, champion: id, previous: previous, reason: "test", atMs: 5)
    }

    @Test("versions keep their spec and artifact; one champion per series; rollback returns the one before")
    func lifecycle() throws {
        let store = SQLiteModelStore(database: try .inMemory())
        let tenant = TenantID.embeddedDefault
        let first = try store.register(Self.spec(), artifact: Data("one".utf8), tenant: tenant, nowMs: 1)
        let second = try store.register(Self.spec(auc: 0.6, parent: first.id), artifact: Data("two".utf8), tenant: tenant, nowMs: 2)
        #expect(first.id == "m1" && second.id == "m2" && second.status == .candidate)
        #expect(try store.model(tenant: tenant, id: "m2")?.spec == Self.spec(auc: 0.6, parent: "m1"))
        #expect(try store.artifact(tenant: tenant, id: "m1") == Data("one".utf8))

        try store.promote(tenant: tenant, id: first.id, decision: Self.promotion(first.id, previous: nil))
        try store.promote(tenant: tenant, id: second.id, decision: Self.promotion(second.id, previous: first.id))
        #expect(try store.champion(tenant: tenant, symbol: "EURUSD", timeframe: "H1")?.id == "m2")
        #expect(try store.model(tenant: tenant, id: "m1")?.status == .retired)

        let back = try store.rollback(tenant: tenant, symbol: "EURUSD", timeframe: "H1", nowMs: 9)
        #expect(back.id == "m1" && back.status == .champion)
        #expect(try store.models(tenant: tenant, symbol: "EURUSD", timeframe: "H1").map(\.status) == [.retired, .champion])
        #expect(try store.decisions(tenant: tenant, symbol: "EURUSD", timeframe: "H1").map(\.action) == [.promote, .promote, .rollback])
    }

    @Test("a champion cannot be deleted, unknown ids and other tenants' models are errors, rollback needs an earlier champion")
    func refusals() throws {
        let store = SQLiteModelStore(database: try .inMemory())
        let tenant = TenantID.embeddedDefault
        let model = try store.register(Self.spec(), artifact: Data(), tenant: tenant, nowMs: 1)
        try store.promote(tenant: tenant, id: model.id, decision: Self.promotion(model.id, previous: nil))
        #expect(try #require(throws: TradehubError.self) { try store.delete(tenant: tenant, id: model.id) }.code == .modelIsChampion)
        #expect(try #require(throws: TradehubError.self) { try store.delete(tenant: tenant, id: "m9") }.code == .modelUnknown)
        #expect(try #require(throws: TradehubError.self) {
            try store.rollback(tenant: tenant, symbol: "EURUSD", timeframe: "H1", nowMs: 2)
        }.code == .modelNoPrevious)
        #expect(try store.model(tenant: TenantID(rawValue: 7), id: model.id) == nil)
        #expect(try store.models(tenant: TenantID(rawValue: 7), symbol: nil, timeframe: nil).isEmpty)
        let loser = try store.register(Self.spec(), artifact: Data(), tenant: tenant, nowMs: 3)
        try store.delete(tenant: tenant, id: loser.id)
        #expect(try store.model(tenant: tenant, id: loser.id) == nil)
    }

    @Test("a member of a registered ensemble cannot be deleted until the ensemble is; a retrained model's parent can")
    func ensembleMembers() throws {
        let store = SQLiteModelStore(database: try .inMemory())
        let tenant = TenantID.embeddedDefault
        func ensembleSpec(members: [String], parent: String) -> ModelSpec {
            var spec = Self.spec(parent: parent)
            spec.kind = "ensemble:mean"
            spec.parameters = ["members": members.joined(separator: ","), "method": "mean"]
            return spec
        }
        let member = try store.register(Self.spec(), artifact: Data(), tenant: tenant, nowMs: 1)
        let other = try store.register(Self.spec(), artifact: Data(), tenant: tenant, nowMs: 2)
        let ensemble = try store.register(
            ensembleSpec(members: [member.id, other.id], parent: "\(member.id),\(other.id)"), artifact: Data(), tenant: tenant, nowMs: 3)
        let retrained = try store.register(Self.spec(parent: other.id), artifact: Data(), tenant: tenant, nowMs: 4)
        // `retrain` of the ensemble: its parent is the old ensemble, its members the retrained one and `member`.
        let successor = try store.register(
            ensembleSpec(members: [member.id, retrained.id], parent: ensemble.id), artifact: Data(), tenant: tenant, nowMs: 5)
        let refused = try #require(throws: TradehubError.self) { try store.delete(tenant: tenant, id: other.id) }
        #expect(refused.code == .modelInUse && refused.message.contains("ensemble \(ensemble.id)"))
        let shared = try #require(throws: TradehubError.self) { try store.delete(tenant: tenant, id: member.id) }
        #expect(shared.code == .modelInUse && shared.message.contains("ensemble \(ensemble.id), \(successor.id)"), "\(shared.message)")
        try store.delete(tenant: tenant, id: ensemble.id)
        try store.delete(tenant: tenant, id: other.id)
        #expect(throws: TradehubError.self) { try store.delete(tenant: tenant, id: retrained.id) }
        try store.delete(tenant: tenant, id: successor.id)
        try store.delete(tenant: tenant, id: member.id)
        try store.delete(tenant: tenant, id: retrained.id)
        #expect(try store.models(tenant: tenant, symbol: nil, timeframe: nil).isEmpty)
    }

    @Test("a version's JSON is one flat object")
    func json() throws {
        let version = ModelVersion(id: "m3", tenant: .embeddedDefault, spec: Self.spec(), status: .champion, createdMs: 4)
        let data = try JSONEncoder().encode(version)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["id"] as? String == "m3" && object["feature_hash"] as? String == "abc" && object["status"] as? String == "champion")
        #expect(try JSONDecoder().decode(ModelVersion.self, from: data) == version)
    }
}
