import DialerIngest
import Foundation
import IngestCore
import IngestDelivery

#if canImport(Glibc)
    import Glibc
#endif

/// One worker per inbox: an exclusive flock(2) on `INBOX/.dialer-ingest.lock`, held for the worker's life
/// (released by the kernel when the process dies, even by `kill -9`). A cron `--once`, a daemon, or a
/// worker on another host sharing the folder all take the same lock.
final class InboxLock {
    let path: String
    private let descriptor: Int32

    /// Takes the lock, or returns nil when another worker holds it.
    /// - Throws: `output-failed` when the lock file cannot be opened.
    init?(inbox: String) throws(IngestError) {
        path = inbox + "/.dialer-ingest.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw IngestError(
                .outputFailed, "cannot open the inbox lock: \(String(cString: strerror(errno)))", file: path)
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
