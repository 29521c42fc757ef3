import Foundation
import IngestCore
import IngestDelivery
import Logging
import PhoneNumbers

extension IngestRun {
    /// What the loop did: every file's report and every chunk's, in file order.
    struct LoopResult: Sendable {
        var files: [FileReport] = []
        var uploads: [UploadReport] = []
        /// How many numbers ended in each removal status (`mode: remove` / `replace`).
        var removals: [String: Int] = [:]
        /// The do-not-call lists as the run found them (nil: none configured).
        var suppression: [SuppressionReport]?
        /// What stopped the run (a refused login, an unwritable ledger or rejects file); the reports above
        /// still hold everything done before it.
        var stop: IngestError?
    }

    /// The run loop, the same for every run: the files are prepared in order on a thread of their own and
    /// handed through a bounded channel to `delivery`, which sends a file's chunks while the next file is
    /// prepared. A dry run has no delivery: its chunks are reported as such.
    ///
    /// The channel holds one file: at most two prepared files' chunks are in the spool however slow the
    /// server. After a stop the rest of the files are still prepared (and reported), and none is sent.
    /// - Parameters:
    ///   - history: what earlier runs loaded, for the dedupe windows (nil: `--force`, or no ledger).
    ///   - removals: where each removal is listed, when the run removes numbers.
    ///   - record: called on each prepared file's report before it is handed over (the ledger).
    func runLoop(
        files: [String], directories: Directories, rejects: RejectsWriter, campaigns: CampaignCheck?,
        history: (any LoadHistory)?, delivery: Delivery?, removals: RemovalsWriter? = nil,
        record: (@Sendable (FileReport) throws(IngestError) -> Void)? = nil
    ) async -> LoopResult {
        let channel = HandoffChannel<PreparedFile>(capacity: 1)
        // The preparing thread owns the rejects until it ends; this task touches them only after awaiting it.
        nonisolated(unsafe) let rejects = rejects
        async let prepared = DedicatedThread.run(named: "prepare") {
            prepare(
                files, into: channel, directories: directories, rejects: rejects, campaigns: campaigns,
                history: history, record: record)
        }
        var result = LoopResult()
        for await file in channel.elements {
            defer { channel.done() }
            guard let delivery else {
                result.uploads += file.chunks.map { chunk in
                    UploadReport(
                        file: file.report.path, filename: chunk.filename, campaign: chunk.campaign,
                        timezone: chunk.timezone, endpoint: chunk.endpoint, rows: chunk.rows, bytes: chunk.bytes,
                        status: .dryRun, attempts: 0)
                }
                continue
            }
            guard result.stop == nil, let sha = file.report.sha256 else { continue }
            if !file.chunks.isEmpty {
                let (reports, stop) = await delivery.deliverUntilStopped(
                    file.chunks, file: file.report.path, fileSHA: sha)
                result.uploads += reports
                result.stop = stop
            }
            // New numbers first, then the ones the file no longer holds (`mode: replace`).
            if result.stop == nil, !file.removals.isEmpty, let removals {
                let (counts, stop) = await delivery.removeNumbers(of: file.removals, fileSHA: sha) {
                    (outcomes) throws(IngestError) in try removals.write(outcomes, file: file.report.path)
                }
                for (status, count) in counts { result.removals[status.rawValue, default: 0] += count }
                result.stop = stop
            }
            if result.stop != nil { channel.close() }
        }
        // The stream also ends when this task is cancelled: a producer waiting for room must not wait for ever.
        channel.close()
        let (reports, lists, failure) = await prepared
        result.files = reports
        result.suppression = lists
        result.stop = result.stop ?? failure
        return result
    }

    /// The preparing side of the loop, on a thread of its own: each file prepared, recorded and sent on;
    /// at the end the rejects are closed. The do-not-call lists are read first, on this thread too. Returns the
    /// files' reports, the lists' and what failed (recording or closing).
    private func prepare(
        _ files: [String], into channel: HandoffChannel<PreparedFile>, directories: Directories,
        rejects: RejectsWriter, campaigns: CampaignCheck?, history: (any LoadHistory)?,
        record: (@Sendable (FileReport) throws(IngestError) -> Void)?
    ) -> ([FileReport], [SuppressionReport]?, IngestError?) {
        defer { channel.finish() }
        let suppression = Suppression.load(config: config, phone: .shared)
        let progress = options.showProgress.map { ProgressLine(enabled: $0) } ?? ProgressLine()
        var preparer = FilePreparer(config: config, phone: .shared, logger: logger, progress: progress)
        preparer.campaigns = campaigns
        preparer.history = history
        preparer.suppression = suppression
        // Files recorded in the ledger are delivered: their chunks' numbers go into it too.
        preparer.keepsNumbers = record != nil
        let duplicates = DuplicateCheck(
            budget: config.limits.duplicateKeysInMemory, directory: directories.spool + "/.duplicates")
        var reports: [FileReport] = []
        var failure: IngestError?
        for (index, path) in files.enumerated() {
            logger.info("preparing file", metadata: ["ingest.file": "\(Terminal.escaped(path))"])
            let file = preparer.prepare(
                path: path, index: index, directory: directories.spool, duplicates: duplicates, rejects: rejects)
            progress.clear()
            reports.append(file.report)
            do {
                try record?(file.report)
            } catch {
                failure = error
                break
            }
            // After a stop the file is reported, not sent.
            try? channel.send(file)
        }
        do {
            try Self.close(rejects, removing: duplicates)
        } catch {
            failure = failure ?? error
        }
        return (reports, suppression?.reports, failure)
    }
}
