import DialerIngest
import Foundation
import IngestCore
import IngestDelivery

#if canImport(Glibc)
    import Glibc
#endif

/// Wakes the worker when something happens in the inbox (inotify: a file closed after writing, moved in,
/// created, its attributes changed) or when it is told to stop; the worker still rescans on a timer,
/// because events are lost on network filesystems and when the kernel queue overflows.
final class InboxEvents: @unchecked Sendable {
    // @unchecked: the descriptors are set once in init and only read (poll/read/write are thread-safe).
    private let inotify: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32

    /// Watches `directory`; without inotify (another OS, a filesystem that refuses it) only the timer wakes.
    init(directory: String) {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if fd >= 0 {
            let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ATTRIB | IN_DELETE)
            if inotify_add_watch(fd, directory, mask) < 0 {
                close(fd)
                inotify = -1
                return
            }
        }
        inotify = fd
    }

    deinit {
        if inotify >= 0 { close(inotify) }
        close(wakeRead)
        close(wakeWrite)
    }

    /// True when the kernel reports events for the inbox.
    var watching: Bool { inotify >= 0 }

    /// Makes a pending or the next `wait` return at once.
    func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// Waits (on a plain thread, not a Swift-concurrency one) for an event, a wake, or `seconds`.
    func wait(seconds: Double) async {
        let timeout = Int32(max(0, min(seconds, 3600)) * 1000)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                var fds = [pollfd(fd: self.wakeRead, events: Int16(POLLIN), revents: 0)]
                if self.inotify >= 0 { fds.append(pollfd(fd: self.inotify, events: Int16(POLLIN), revents: 0)) }
                _ = poll(&fds, nfds_t(fds.count), timeout)
                self.drain(self.wakeRead)
                if self.inotify >= 0 { self.drain(self.inotify) }
                continuation.resume()
            }
        }
    }

    /// Wakes are sticky until drained; drain only inotify events so a stop request is never lost.
    private func drain(_ fd: Int32) {
        guard fd != wakeRead else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}
    }
}
