import CXGBoost
import ErrorDNA

/// Throws `E_XGBOOST` with XGBoost's own message when a C API call did not return 0.
func xgboostCheck(_ status: Int32, _ call: String) throws {
    guard status != 0 else { return }
    throw TradehubError(.xgboost, ["call": call, "reason": lastXGBoostError()])
}

/// XGBoost's message for the last failed call on this thread, without its stack trace.
func lastXGBoostError() -> String {
    guard let raw = XGBGetLastError() else { return "no message" }
    let message = String(cString: raw)
    let beforeTrace = message.split(separator: "Stack trace:", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    let lines = beforeTrace.split(separator: "\n").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    return lines.isEmpty ? "no message" : lines.joined(separator: " ")
}

/// An XGBoost DMatrix built from a dataset or a feature matrix, freed when it goes away.
///
/// Not Sendable: it lives only inside one training or prediction call.
final class DMatrix {
    let handle: DMatrixHandle

    init(_ features: FloatMatrix, threads: Int) throws {
        var out: DMatrixHandle?
        try features.values.withUnsafeBufferPointer { values in
            try xgboostCheck(
                XGDMatrixCreateFromMat_omp(
                    values.baseAddress, bst_ulong(features.rowCount), bst_ulong(features.columnCount), Float.nan, &out,
                    Int32(threads)),
                "XGDMatrixCreateFromMat_omp")
        }
        guard let out else { throw TradehubError(.xgboost, ["call": "XGDMatrixCreateFromMat_omp", "reason": "no handle returned"]) }
        handle = out
    }

    convenience init(_ dataset: Dataset, threads: Int) throws {
        try self.init(dataset.features, threads: threads)
        try setFloatInfo("label", dataset.labels)
        if let weights = dataset.weights { try setFloatInfo("weight", weights) }
    }

    private func setFloatInfo(_ field: String, _ values: [Float]) throws {
        try values.withUnsafeBufferPointer { buffer in
            try xgboostCheck(
                XGDMatrixSetFloatInfo(handle, field, buffer.baseAddress, bst_ulong(buffer.count)), "XGDMatrixSetFloatInfo(\(field))")
        }
    }

    deinit { XGDMatrixFree(handle) }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var trimmed = self
        while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        return trimmed
    }
}
