import AsyncHTTPClient
import Foundation
import IngestCore
import IngestDelivery
import Logging
import NIOCore
import PhoneNumbers
import Synchronization

extension IngestRun {
    /// PREPARE → GATE → DELIVER, file after file: a file's chunks upload while the next file is prepared.
    func prepareAndUpload(files: [String]) async throws(IngestError) -> RunOutcome {
        let access = try serverAccess()
        guard let username = config.upload.username else {
            throw IngestError(.configInvalid, "set upload.username: the uContact user the bases are loaded as")
        }
        let stateDirectory = config.effectiveStateDirectory
        let ledger = try Ledger(directory: stateDirectory)
        let runID = try ledger.startRun()
        var report = RunReport(startedAt: Self.timestamp(), dryRun: false)
        let directories = try prepareDirectories()
        defer { try? FileManager.default.removeItem(atPath: directories.spool) }
        let rejects = try RejectsWriter(path: directories.rejects)
        report.rejectsFile = directories.rejects

        let progress = options.showProgress.map { ProgressLine(enabled: $0) } ?? ProgressLine()
        var preparer = FilePreparer(config: config, phone: .shared, logger: logger, progress: progress)
        var deliveryOptions = Delivery.Options(
            username: username, concurrency: config.upload.concurrency, policy: config.upload.retry)
        deliveryOptions.force = options.force
        deliveryOptions.resendUncertain = options.resendUncertain
        deliveryOptions.maxConsecutiveFailures = config.upload.maxConsecutiveFailures
        deliveryOptions.shouldStop = options.shouldStop

        let uploads: [[UploadReport]]
        var warnings: [String] = []
        // Filled as each file's delivery ends, so a run that stops later still reports what was sent.
        let delivered = DeliveredUploads()
        do {
            uploads = try await withServer(access) { client in
                // Before the first upload: a base for a campaign the server lacks would be answered 1 and lost.
                preparer.campaigns = try await campaignCheck(client: client, warnings: &warnings)
                let delivery = Delivery(
                    client: client, ledger: ledger, run: runID, options: deliveryOptions, logger: logger)
                // One consumer delivers files in order; the loop below prepares the next file meanwhile.
                let (prepared, preparedFiles) = AsyncStream.makeStream(of: (Int, PreparedFile).self)
                let result = try await withThrowingTaskGroup(of: [Int: [UploadReport]].self) { group in
                    group.addTask {
                        var byFile: [Int: [UploadReport]] = [:]
                        for await (index, file) in prepared {
                            guard let sha = file.report.sha256, !file.chunks.isEmpty else { continue }
                            let (reports, stop) = await delivery.deliverUntilStopped(
                                file.chunks, file: file.report.path, fileSHA: sha)
                            byFile[index] = reports
                            delivered.add(reports, file: index)
                            if let stop { throw stop }
                        }
                        return byFile
                    }
                    let duplicates = DuplicateCheck(
                        budget: config.limits.duplicateKeysInMemory, directory: directories.spool + "/.duplicates")
                    defer { duplicates.remove() }
                    for (index, path) in files.enumerated() {
                        let file = preparer.prepare(
                            path: path, index: index, directory: directories.spool, duplicates: duplicates,
                            rejects: rejects)
                        progress.clear()
                        report.add(file.report)
                        try ledger.recordFile(file.report, run: runID)
                        preparedFiles.yield((index, file))
                    }
                    preparedFiles.finish()
                    let byFile = try await group.next() ?? [:]
                    return files.indices.compactMap { byFile[$0] }
                }
                return result
            }
        } catch {
            // The run stops (a refused login, an unreachable ledger), but what was prepared is still reported.
            let stop = error
            report.uploads = delivered.all
            report.warnings = warnings.isEmpty ? nil : warnings
            try? rejects.close()
            report.finishedAt = Self.timestamp()
            try? ledger.finishRun(runID, report: report, exitCode: stop.exitCode)
            try? ReportWriter.write(report, to: directories.report)
            throw stop
        }
        report.uploads = uploads.flatMap { $0 }
        report.warnings = warnings.isEmpty ? nil : warnings
        try rejects.close()
        report.finishedAt = Self.timestamp()
        let exitCode = Self.exitCode(for: report)
        try ledger.finishRun(runID, report: report, exitCode: exitCode)
        try ReportWriter.write(report, to: directories.report)
        return RunOutcome(
            report: report, reportPath: directories.report, rejectsPath: directories.rejects, exitCode: exitCode)
    }
}

/// The upload reports of the files delivered so far, in file order; shared by the delivering task and the
/// run's error path.
final class DeliveredUploads: Sendable {
    private let byFile = Mutex<[Int: [UploadReport]]>([:])

    func add(_ reports: [UploadReport], file index: Int) {
        byFile.withLock { $0[index] = reports }
    }

    var all: [UploadReport] {
        byFile.withLock { byFile in byFile.keys.sorted().flatMap { byFile[$0] ?? [] } }
    }
}
