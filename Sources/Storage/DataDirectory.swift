import ErrorDNA
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one directory the embedded mode keeps everything in, held exclusively by one process.
///
/// Opening it creates the directory when missing and takes an advisory lock on
/// `tradehub.lock` (`flock`, released by the kernel when the process dies, so a crash never
/// leaves a stale lock). A second process — or a second opening in the same process — gets
/// `E_DATA_DIR_LOCKED` naming the holder's pid instead of a shared, corruptible database.
public final class DataDirectory: Sendable {
    /// Absolute path of the directory.
    public let path: String
    private let lockDescriptor: Int32

    /// Name of the lock file inside the directory.
    public static let lockFileName = "tradehub.lock"

    public init(path rawPath: String) throws {
        let path = URL(fileURLWithPath: rawPath).standardizedFileURL.path
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw TradehubError(.dataDirUnusable, ["path": path, "reason": Self.describe(error)])
        }
        let lockPath = path + "/" + Self.lockFileName
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw TradehubError(.dataDirUnusable, ["path": path, "reason": String(cString: strerror(errno))])
        }
        // A lock can be held for a moment by a child process between its fork and exec (the
        // descriptor is close-on-exec), or by a process that is exiting: retry briefly.
        var locked = flock(descriptor, LOCK_EX | LOCK_NB) == 0
        for _ in 0..<10 where !locked {
            usleep(25_000)
            locked = flock(descriptor, LOCK_EX | LOCK_NB) == 0
        }
        guard locked else {
            let holder = Self.readHolder(descriptor)
            close(descriptor)
            throw TradehubError(.dataDirLocked, ["path": path, "holder": holder.map { " (pid \($0))" } ?? ""])
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        self.path = path
        self.lockDescriptor = descriptor
    }

    deinit {
        close(lockDescriptor)
    }

    /// Path of a file inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }

    private static func readHolder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    static func describe(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}
