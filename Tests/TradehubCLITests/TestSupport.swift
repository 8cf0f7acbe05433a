import ErrorDNA
import Foundation

/// The `TradehubError` thrown by `body`, or nil when it succeeds (other errors are returned as nil too,
/// which the callers' `#require` then reports).
func thrownError(_ body: () throws -> Void) -> TradehubError? {
    do {
        try body()
        return nil
    } catch let error as TradehubError {
        return error
    } catch {
        return nil
    }
}

/// A fresh directory under the system temporary directory, removed when released.
final class ScratchDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("configuration-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `text` as UTF-8 to `name` and returns the absolute path.
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    func write(_ name: String, _ data: Data) throws -> String {
        let file = url.appendingPathComponent(name)
        try data.write(to: file)
        return file.path
    }
}

/// A deterministic pseudo-random generator (64-bit LCG), so "fuzz" tests are repeatable.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }
}
