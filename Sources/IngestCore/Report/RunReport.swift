/// What a run did, row by row accounted: the JSON report of the CLI contract.
public struct RunReport: Codable, Sendable, Equatable {
    public struct Totals: Codable, Sendable, Equatable {
        public var rowsRead = 0
        public var rowsAccepted = 0
        public var rowsRejected = 0
        /// Rows of failed files that were not rejected: not sent, since a file loads whole or not at all.
        public var rowsHeld = 0
    }

    public var tool = "dialer-ingest"
    public var startedAt: String
    public var finishedAt: String?
    public var dryRun: Bool
    public var totals = Totals()
    public var rejectsByReason: [String: Int] = [:]
    public var files: [FileReport] = []
    public var uploads: [UploadReport] = []
    /// Where the rejected rows are listed.
    public var rejectsFile: String?
    /// The config's `mode` when not `load` (`remove`, `replace`).
    public var mode: String?
    /// `mode: remove` / `replace`: how many numbers ended in each removal status (nil when none were tried).
    public var removalsByStatus: [String: Int]?
    /// Where each number's removal is listed (`NAME.removals.csv` beside the report).
    public var removalsFile: String?
    /// The do-not-call lists the run checked its numbers against (nil when none are configured).
    public var suppression: [SuppressionReport]?
    /// What the run could not check, said once (a server that does not list its campaigns); nil when none.
    public var warnings: [String]?

    public init(startedAt: String, dryRun: Bool) {
        self.startedAt = startedAt
        self.dryRun = dryRun
    }

    /// Adds a file's outcome to the totals.
    package mutating func add(_ file: FileReport) {
        files.append(file)
        totals.rowsRead += file.rowsRead
        totals.rowsAccepted += file.rowsAccepted
        totals.rowsRejected += file.rowsRejected
        totals.rowsHeld += file.rowsHeld
        for (reason, count) in file.rejectsByReason { rejectsByReason[reason, default: 0] += count }
    }
}

public struct FileReport: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// Read whole, passed the gate, chunks spooled.
        case ok
        /// Not read whole or over the reject ratio: nothing of it is sent.
        case failed
    }

    public struct Failure: Codable, Sendable, Equatable {
        /// Kebab-case in the JSON (`reject-ratio`), as `IngestError.Code` spells it.
        public var code: IngestError.Code
        public var message: String
        public var line: Int?
        /// What the system said underneath (`ENOSPC: No space left on device`), when known.
        public var cause: String?
    }

    public var path: String
    public var sha256: String?
    public var status: Status = .failed
    public var compressed = false
    public var encoding: String?
    public var delimiter: String?
    /// Column roles as resolved from the header.
    public var columns: [String: String]?
    /// Data rows (the header and blank rows excluded): `rows_accepted + rows_rejected + rows_held`.
    public var rowsRead = 0
    /// Rows in the file's chunks (none when the file failed).
    public var rowsAccepted = 0
    public var rowsRejected = 0
    /// Rows of a file that failed, not rejected: held back with the rest of it (fix the file and run it
    /// again); 0 for a file that loaded.
    public var rowsHeld = 0
    /// Rows whose every cell was empty; not data, not counted in `rows_read`.
    public var rowsBlank = 0
    public var fieldsSanitized = 0
    public var alternativesDropped = 0
    /// Valid alternatives left out because a do-not-call list in scope holds them.
    public var alternativesSuppressed = 0
    public var rejectsByReason: [String: Int] = [:]
    public var chunks = 0
    /// `mode: remove` / `replace`: the numbers to take out of the file's campaigns (its own, or those the
    /// ledger has as loaded that it no longer holds); nil in `mode: load`.
    public var removals: Int?
    public var error: Failure?

    public init(path: String) {
        self.path = path
    }

    /// The file failed: its rows that were not rejected are held back, not accepted (those of the batch it
    /// failed in included).
    mutating func holdBack() {
        rowsHeld = rowsRead - rowsRejected
        rowsAccepted = 0
    }
}

/// What became of a chunk, spelt in the report as before (kebab-case).
public enum UploadStatus: String, Codable, Sendable, Equatable, Comparable, CaseIterable {
    /// Prepared by a dry-run; nothing was sent.
    case dryRun = "dry-run"
    case accepted
    /// Refused for good, or out of attempts.
    case failed
    /// Sent, or maybe sent, without an answer: not sent again without `--resend-uncertain`.
    case uncertain
    /// The ledger has it as accepted by an earlier run.
    case alreadyUploaded = "already-uploaded"
    /// Not sent this run (stopped after failures, a shutdown): the next run sends it.
    case pending

    /// uContact has it (or, in a dry-run, there was nothing to deliver).
    public var isDelivered: Bool { self == .dryRun || self == .accepted || self == .alreadyUploaded }

    public static func < (lhs: UploadStatus, rhs: UploadStatus) -> Bool { lhs.rawValue < rhs.rawValue }
}

public struct UploadReport: Codable, Sendable, Equatable {
    public var file: String
    public var filename: String
    public var campaign: String
    public var timezone: String?
    public var endpoint: String
    public var rows: Int
    public var bytes: Int
    public var status: UploadStatus
    public var attempts: Int
    public var detail: String?

    package init(
        file: String, filename: String, campaign: String, timezone: String?, endpoint: String, rows: Int, bytes: Int,
        status: UploadStatus, attempts: Int, detail: String? = nil
    ) {
        self.file = file
        self.filename = filename
        self.campaign = campaign
        self.timezone = timezone
        self.endpoint = endpoint
        self.rows = rows
        self.bytes = bytes
        self.status = status
        self.attempts = attempts
        self.detail = detail
    }
}
