import Foundation
import GRDB
import Synchronization

/// Copies a WAL database's log back into the database file on its own connection and thread,
/// every `interval`, so that a committing writer never pays for a checkpoint's writes and fsyncs
/// (SQLite's automatic checkpoint runs inside the commit that crosses 1000 pages).
final class WALCheckpointer: Sendable {
    private let stopRequested = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let stopped = Mutex(false)

    /// Starts checkpointing the database at `path`, whose writer has `wal_autocheckpoint = 0`.
    init(path: String, interval: Duration) throws {
        var configuration = Configuration()
        configuration.label = "tradehub.checkpointer"
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        let (stopRequested, finished) = (stopRequested, finished)
        let wait = DispatchTimeInterval.nanoseconds(Int(interval.components.seconds) * 1_000_000_000
            + Int(interval.components.attoseconds / 1_000_000_000))
        let thread = Thread {
            while stopRequested.wait(timeout: .now() + wait) == .timedOut {
                // A passive checkpoint never waits for readers or the writer; whatever it could
                // not copy now, the next round (or the truncating checkpoint at close) copies.
                _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            }
            try? connection.close()
            finished.signal()
        }
        thread.name = "tradehub.checkpointer"
        thread.start()
    }

    /// Stops the thread after the round in progress, and closes its connection; later calls do nothing.
    func stop() {
        guard !stopped.withLock({ stopped in defer { stopped = true }; return stopped }) else { return }
        stopRequested.signal()
        finished.wait()
    }
}
