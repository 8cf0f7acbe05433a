import CXGBoost
import ErrorDNA
import Foundation
import Synchronization

/// A trained (or loaded) XGBoost model, owning its C handle and freeing it when released.
///
/// Every call into XGBoost holds the handle's lock, so one booster may be shared across tasks;
/// the hot path predicts with `TreeEnsemble` instead, which needs no lock and no C call.
public final class Booster: Sendable {
    private let handle: Mutex<BoosterHandle>
    public let objective: Objective
    /// The validation metric after each round, when training had a validation set.
    public let validationHistory: [Double]
    /// The round (0-based) with the best validation metric, when early stopping ran; the model
    /// keeps the trees up to and including it.
    public let bestIteration: Int?

    private init(handle: sending BoosterHandle, objective: Objective, validationHistory: [Double] = [], bestIteration: Int? = nil) {
        self.handle = Mutex(handle)
        self.objective = objective
        self.validationHistory = validationHistory
        self.bestIteration = bestIteration
    }

    deinit { handle.withLock { _ = XGBoosterFree($0) } }

    /// Trains on `train`, evaluating on `validation` after every round when given; with
    /// `earlyStoppingRounds` the model is cut back to its best round.
    public static func train(_ train: Dataset, validation: Dataset? = nil, options: TrainingOptions) throws -> Booster {
        let parameters = try options.xgboostParameters()
        if options.earlyStoppingRounds != nil, validation == nil {
            throw TradehubError(.learningParameter, [
                "parameter": "early_stopping_rounds", "value": "\(options.earlyStoppingRounds ?? 0)",
                "problem": "needs a validation set",
            ])
        }
        if let validation, validation.features.columnCount != train.features.columnCount {
            throw TradehubError(.learningData, [
                "problem": "validation rows have \(validation.features.columnCount) columns; training rows have \(train.features.columnCount)",
            ])
        }
        guard train.rowCount > 0 else { throw TradehubError(.learningData, ["problem": "no training rows"]) }
        let dtrain = try DMatrix(train, threads: options.threads)
        let dvalid = try validation.map { try DMatrix($0, threads: options.threads) }

        var cached: [DMatrixHandle?] = [dtrain.handle] + (dvalid.map { [$0.handle] } ?? [])
        let trained = try OwnedHandle { try xgboostCheck(XGBoosterCreate(&cached, bst_ulong(cached.count), &$0), "XGBoosterCreate") }
        for (key, value) in parameters {
            try xgboostCheck(XGBoosterSetParam(trained.handle, key, value), "XGBoosterSetParam(\(key)=\(value))")
        }

        let metric = options.evalMetric ?? options.objective.defaultMetric
        var stopping = EarlyStopping(patience: options.earlyStoppingRounds, maximise: TrainingOptions.isMaximised(metric))
        var history: [Double] = []
        for round in 0..<options.rounds {
            try xgboostCheck(XGBoosterUpdateOneIter(trained.handle, Int32(round), dtrain.handle), "XGBoosterUpdateOneIter")
            guard let dvalid else { continue }
            let score = try evaluate(trained.handle, round: round, on: dvalid)
            history.append(score)
            if stopping.shouldStop(after: round, score: score) { break }
        }
        guard options.earlyStoppingRounds != nil, let best = stopping.bestRound else {
            return Booster(handle: trained.release(), objective: options.objective, validationHistory: history)
        }
        let sliced = try OwnedHandle {
            try xgboostCheck(XGBoosterSlice(trained.handle, 0, Int32(best + 1), 1, &$0), "XGBoosterSlice")
        }
        return Booster(handle: sliced.release(), objective: options.objective, validationHistory: history, bestIteration: best)
    }

    /// Loads a model XGBoost saved (JSON, UBJSON or its binary format).
    public convenience init(contentsOf path: String) throws {
        let loaded = try OwnedHandle { try xgboostCheck(XGBoosterCreate(nil, 0, &$0), "XGBoosterCreate") }
        try xgboostCheck(XGBoosterLoadModel(loaded.handle, path), "XGBoosterLoadModel(\(path))")
        let name = try Self.objectiveName(inConfig: Self.jsonConfig(loaded.handle))
        guard let objective = Objective(rawValue: name) else {
            throw TradehubError(.modelFormat, ["source": "'\(path)'", "problem": "objective '\(name)' is not supported"])
        }
        self.init(handle: loaded.release(), objective: objective)
    }

    /// The number of features the model was trained on.
    public func featureCount() throws -> Int {
        try handle.withLock { handle in
            var count: bst_ulong = 0
            try xgboostCheck(XGBoosterGetNumFeature(handle, &count), "XGBoosterGetNumFeature")
            return Int(count)
        }
    }

    /// The number of boosting rounds (trees, for a single-output model) the model holds.
    public func boostedRounds() throws -> Int {
        try handle.withLock { handle in
            var rounds: Int32 = 0
            try xgboostCheck(XGBoosterBoostedRounds(handle, &rounds), "XGBoosterBoostedRounds")
            return Int(rounds)
        }
    }

    /// XGBoost's own predictions (probabilities or values) of every row, by in-place dense prediction.
    public func predict(_ features: FloatMatrix) throws -> [Float] {
        guard features.rowCount > 0 else { return [] }
        return try handle.withLock { handle in
            try features.values.withUnsafeBufferPointer { values in
                let address = UInt(bitPattern: values.baseAddress)
                let interface = #"{"data":[\#(address),true],"shape":[\#(features.rowCount),\#(features.columnCount)],"typestr":"<f4","version":3}"#
                let config = #"{"type":0,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false,"missing":NaN,"cache_id":0}"#
                var shape: UnsafePointer<bst_ulong>?
                var dimensions: bst_ulong = 0
                var result: UnsafePointer<Float>?
                try xgboostCheck(
                    XGBoosterPredictFromDense(handle, interface, config, nil, &shape, &dimensions, &result),
                    "XGBoosterPredictFromDense")
                guard let result else {
                    throw TradehubError(.xgboost, ["call": "XGBoosterPredictFromDense", "reason": "no result returned"])
                }
                return Array(UnsafeBufferPointer(start: result, count: features.rowCount))
            }
        }
    }

    /// Saves the model as XGBoost JSON (the path must end in `.json`, which selects that format).
    public func save(to path: String) throws {
        guard path.hasSuffix(".json") else {
            throw TradehubError(.io, ["operation": "save XGBoost model", "path": path, "reason": "the file name must end in .json"])
        }
        try handle.withLock { handle in
            try xgboostCheck(XGBoosterSaveModel(handle, path), "XGBoosterSaveModel(\(path))")
        }
    }

    /// The model as XGBoost JSON bytes, the input of `TreeEnsemble`.
    public func modelJSON() throws -> [UInt8] {
        try handle.withLock { handle in
            var length: bst_ulong = 0
            var bytes: UnsafePointer<CChar>?
            try xgboostCheck(XGBoosterSaveModelToBuffer(handle, #"{"format":"json"}"#, &length, &bytes), "XGBoosterSaveModelToBuffer")
            guard let bytes else { return [] }
            return bytes.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { Array(UnsafeBufferPointer(start: $0, count: Int(length))) }
        }
    }

    /// XGBoost's internal configuration (every parameter in effect) as a JSON document.
    public func configJSON() throws -> String {
        try handle.withLock { try Self.jsonConfig($0) }
    }

    private static func jsonConfig(_ handle: BoosterHandle) throws -> String {
        var length: bst_ulong = 0
        var text: UnsafePointer<CChar>?
        try xgboostCheck(XGBoosterSaveJsonConfig(handle, &length, &text), "XGBoosterSaveJsonConfig")
        guard let text else { return "{}" }
        return text.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
            String(decoding: UnsafeBufferPointer(start: $0, count: Int(length)), as: UTF8.self)
        }
    }

    private static func objectiveName(inConfig config: String) throws -> String {
        let document = try? JSONSerialization.jsonObject(with: Data(config.utf8))
        guard let learner = (document as? [String: Any])?["learner"] as? [String: Any],
              let objective = learner["objective"] as? [String: Any], let name = objective["name"] as? String
        else { throw TradehubError(.modelFormat, ["source": "configuration", "problem": "no learner.objective.name"]) }
        return name
    }

    /// The last metric XGBoost reports for `dvalid` after `round`, e.g. `0.6523` from `[3]\tvalid-logloss:0.6523`.
    private static func evaluate(_ handle: BoosterHandle, round: Int, on dvalid: DMatrix) throws -> Double {
        var matrices: [DMatrixHandle?] = [dvalid.handle]
        var result: UnsafePointer<CChar>?
        try "valid".withCString { name in
            var names: [UnsafePointer<CChar>?] = [name]
            try xgboostCheck(XGBoosterEvalOneIter(handle, Int32(round), &matrices, &names, 1, &result), "XGBoosterEvalOneIter")
        }
        let line = result.map { String(cString: $0) } ?? ""
        guard let field = line.split(whereSeparator: \.isWhitespace).last,
              let colon = field.lastIndex(of: ":"), let score = Double(field[field.index(after: colon)...])
        else {
            throw TradehubError(.xgboost, ["call": "XGBoosterEvalOneIter", "reason": "unreadable evaluation '\(line)'"])
        }
        return score
    }
}

/// A booster handle being built: freed on any error, handed over by `release()` on success.
private final class OwnedHandle {
    private var owned: BoosterHandle?

    init(_ create: (inout BoosterHandle?) throws -> Void) throws {
        try create(&owned)
        guard owned != nil else { throw TradehubError(.xgboost, ["call": "XGBoosterCreate", "reason": "no handle returned"]) }
    }

    var handle: BoosterHandle { owned! }

    func release() -> BoosterHandle {
        defer { owned = nil }
        return owned!
    }

    deinit { if let owned { XGBoosterFree(owned) } }
}

/// The best validation round so far, and whether `patience` rounds have passed without a better one.
struct EarlyStopping {
    let patience: Int?
    let maximise: Bool
    private(set) var bestRound: Int?
    private var bestScore = 0.0

    init(patience: Int?, maximise: Bool) {
        self.patience = patience
        self.maximise = maximise
    }

    mutating func shouldStop(after round: Int, score: Double) -> Bool {
        if bestRound == nil || (maximise ? score > bestScore : score < bestScore) {
            bestRound = round
            bestScore = score
        }
        guard let patience, let bestRound else { return false }
        return round - bestRound >= patience
    }
}
