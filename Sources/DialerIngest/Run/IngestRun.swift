import Foundation
import IngestCore
import IngestDelivery
import Logging
import PhoneNumbers

/// How a run is carried out (the CLI's flags).
public struct RunOptions: Sendable {
    /// Everything but the upload.
    public var dryRun = false
    /// Dry-run: where every chunk is written, decoded; chunks are discarded when nil.
    public var outputDirectory: String?
    /// The JSON report; the rejects CSV goes beside it (`NAME.rejects.csv`).
    public var reportPath: String?
    /// Live progress on stderr; nil means "when stderr is a terminal".
    public var showProgress: Bool?
    /// Re-send chunks the ledger has as accepted.
    public var force = false
    /// Re-send chunks whose earlier send may or may not have reached uContact.
    public var resendUncertain = false
    /// Dry-run: check the files' campaigns against the server's (`validate --check-server`).
    public var checkServer = false
    /// Asked before each chunk is sent: true leaves the rest pending (a watch worker stopping).
    public var shouldStop: (@Sendable () -> Bool)?

    public init(dryRun: Bool = false, outputDirectory: String? = nil, reportPath: String? = nil) {
        self.dryRun = dryRun
        self.outputDirectory = outputDirectory
        self.reportPath = reportPath
    }
}

/// What a run produced.
public struct RunOutcome: Sendable {
    public var report: RunReport
    public var reportPath: String
    public var rejectsPath: String
    /// The sysexits code the CLI should exit with.
    public var exitCode: Int32
}

/// A whole run over several files: each prepared and gated on its own, one report for all.
public struct IngestRun: Sendable {
    public let config: IngestConfig
    public let options: RunOptions
    public let logger: Logger

    public init(config: IngestConfig, options: RunOptions, logger: Logger = Logger(label: "dialer-ingest")) {
        self.config = config
        self.options = options
        self.logger = logger
    }

    /// Runs every file; one file's failure does not stop the others.
    /// - Throws: `IngestError` only when the run cannot start or must stop (output folder, credentials, a
    ///   refused login).
    public func run(files: [String]) async throws(IngestError) -> RunOutcome {
        guard options.dryRun else { return try await prepareAndUpload(files: files) }
        guard options.checkServer else { return try await prepareOnly(files: files) }
        var warnings: [String] = []
        let campaigns = try await withServer(try serverAccess()) { client in
            try await campaignCheck(client: client, warnings: &warnings)
        }
        return try await prepareOnly(files: files, campaigns: campaigns, warnings: warnings)
    }

    /// `--dry-run`: every stage but the upload; with `campaigns`, the server's campaign check too.
    func prepareOnly(files: [String], campaigns: CampaignCheck? = nil, warnings: [String] = [])
        async throws(IngestError)
        -> RunOutcome
    {
        var report = RunReport(startedAt: Self.timestamp(), dryRun: options.dryRun)
        report.mode = config.mode == .load ? nil : config.mode.rawValue
        report.warnings = warnings.isEmpty ? nil : warnings
        let directories = try prepareDirectories()
        defer { if directories.temporary { try? FileManager.default.removeItem(atPath: directories.spool) } }
        let rejects = try RejectsWriter(path: directories.rejects)
        report.rejectsFile = directories.rejects
        let result = await runLoop(
            files: files, directories: directories, rejects: rejects, campaigns: campaigns,
            history: try existingLedgerHistory(), delivery: nil)
        for file in result.files { report.add(file) }
        report.uploads = result.uploads
        for warning in report.noteSuppression(result.suppression) {
            logger.warning("\(warning)")
            report.warnings = (report.warnings ?? []) + [warning]
        }
        if let stop = result.stop { throw stop }
        report.finishedAt = Self.timestamp()
        try ReportWriter.write(report, to: directories.report)
        return RunOutcome(
            report: report, reportPath: directories.report, rejectsPath: directories.rejects,
            exitCode: Self.exitCode(for: report))
    }

    /// A dry run's view of the dedupe windows: the ledger read, never written (no index refresh); nil with
    /// `--force` or when the state directory has no ledger yet.
    func existingLedgerHistory() throws(IngestError) -> (any LoadHistory)? {
        let directory = config.effectiveStateDirectory
        guard !options.force, config.mode != .remove,
            FileManager.default.fileExists(atPath: directory + "/ledger.sqlite")
        else { return nil }
        return LedgerLoads(
            ledger: try Ledger(directory: directory, readOnly: true), dedupe: config.dedupe,
            resendsUncertain: options.resendUncertain)
    }

    /// Closes (and syncs) the rejects while another thread deletes the duplicate check's files: the sync
    /// mostly waits for the disk, the deletion frees their cached pages.
    static func close(_ rejects: RejectsWriter, removing duplicates: DuplicateCheck) throws(IngestError) {
        // Two objects, one thread each; neither is touched by anything else until both are done.
        nonisolated(unsafe) let rejects = rejects
        nonisolated(unsafe) let duplicates = duplicates
        let results = ParallelWork.map(2) { (index) throws(IngestError) in
            if index == 0 { try rejects.close() } else { duplicates.remove() }
        }
        try results[0].get()
    }

    struct Directories: Sendable {
        var spool: String
        var temporary: Bool
        var report: String
        var rejects: String
        /// `mode: remove` / `replace`: each number's removal, beside the report.
        var removals: String
    }

    func prepareDirectories() throws(IngestError) -> Directories {
        let stateDirectory = config.effectiveStateDirectory
        var spool = options.outputDirectory ?? stateDirectory + "/spool/run-\(UUID().uuidString)"
        var temporary = !options.dryRun
        if options.dryRun && options.outputDirectory == nil {
            spool = NSTemporaryDirectory() + "dialer-ingest-\(ProcessInfo.processInfo.processIdentifier)-\(UUID())"
            temporary = true
        }
        let report =
            options.reportPath
            ?? options.outputDirectory.map { $0 + "/report.json" }
            ?? "\(stateDirectory)/reports/run-\(Self.timestamp().replacingOccurrences(of: ":", with: "")).json"
        let stem = report.hasSuffix(".json") ? String(report.dropLast(5)) : report
        let rejects = stem + ".rejects.csv"
        for directory in [spool, (report as NSString).deletingLastPathComponent] where !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw IngestError(.outputFailed, "cannot create the folder", file: directory, cause: error)
            }
        }
        return Directories(
            spool: spool, temporary: temporary, report: report, rejects: rejects, removals: stem + ".removals.csv")
    }

    package static func exitCode(for report: RunReport) -> Int32 {
        if report.uploads.contains(where: { !$0.status.isDelivered }) { return ExitCode.unavailable }
        // Rows an earlier upload may or may not have loaded: as for an uncertain chunk.
        if report.rejectsByReason[RejectReason.loadUncertain.rawValue, default: 0] > 0 { return ExitCode.unavailable }
        if (report.removalsByStatus ?? [:]).contains(where: { $0.key != RemovalOutcome.Status.removed.rawValue }) {
            return ExitCode.unavailable
        }
        let failures = report.files.compactMap(\.error)
        if failures.contains(where: { ExitCode.config == IngestError($0.code, "").exitCode }) { return ExitCode.config }
        return failures.isEmpty ? ExitCode.success : ExitCode.dataError
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
