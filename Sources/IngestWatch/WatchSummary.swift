import DialerIngest
import IngestCore
import IngestDelivery

/// What a worker did: the `--once` summary line and its exit code.
public struct WatchSummary: Sendable, Equatable, CustomStringConvertible {
    public var archived = 0
    public var failed = 0
    public var duplicates = 0
    /// Stopped (SIGTERM) before its last chunk: resumed on the next start.
    public var leftInProcessing = 0
    /// Another worker held the inbox: nothing was done.
    public var busy = false
    /// The worst exit code of the files (69 over 78 over 65), or the error that stopped the worker.
    public var exitCode: Int32 = ExitCode.success

    public init() {}

    mutating func note(_ code: Int32) {
        let rank: [Int32: Int] = [
            ExitCode.noPermission: 4, ExitCode.unavailable: 3, ExitCode.config: 2, ExitCode.dataError: 1,
        ]
        if rank[code, default: 0] > rank[exitCode, default: 0] { exitCode = code }
    }

    public static let busyLine = "watch: the inbox is busy (another worker holds its lock); nothing done"

    public var description: String {
        if busy { return Self.busyLine }
        return "watch: \(archived) archived, \(failed) failed, \(duplicates) duplicates, "
            + "\(leftInProcessing) left in processing"
    }
}
