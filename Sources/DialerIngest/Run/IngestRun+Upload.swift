import AsyncHTTPClient
import Foundation
import IngestCore
import IngestDelivery
import Logging
import NIOCore
import PhoneNumbers

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
        // The number index brought up to date once, before anything is sent: its writes (a merge can be
        // hundreds of MB) never hold the ledger's writer while a chunk's marks wait. What this run records is
        // read beside it.
        try NumberIndex(ledger: ledger).refresh()
        var report = RunReport(startedAt: Self.timestamp(), dryRun: false)
        report.mode = config.mode == .load ? nil : config.mode.rawValue
        let directories = try prepareDirectories()
        defer { try? FileManager.default.removeItem(atPath: directories.spool) }
        let rejects = try RejectsWriter(path: directories.rejects)
        report.rejectsFile = directories.rejects
        let removals = config.mode == .load ? nil : try RemovalsWriter(path: directories.removals)
        report.removalsFile = removals?.path

        var deliveryOptions = Delivery.Options(
            username: username, concurrency: config.upload.concurrency, policy: config.upload.retry)
        deliveryOptions.force = options.force
        deliveryOptions.resendUncertain = options.resendUncertain
        deliveryOptions.maxConsecutiveFailures = config.upload.maxConsecutiveFailures
        deliveryOptions.shouldStop = options.shouldStop

        var warnings: [String] = []
        let result: LoopResult
        do {
            result = try await withServer(access) { client in
                // Before the first upload: a base for a campaign the server lacks would be answered 1 and lost.
                let campaigns = try await campaignCheck(client: client, warnings: &warnings)
                let delivery = Delivery(
                    client: client, ledger: ledger, run: runID, options: deliveryOptions, logger: logger)
                // `mode: remove` takes numbers out whatever was loaded; --force loads whatever was.
                let history =
                    options.force || config.mode == .remove
                    ? nil
                    : LedgerLoads(ledger: ledger, dedupe: config.dedupe, resendsUncertain: options.resendUncertain)
                return await runLoop(
                    files: files, directories: directories, rejects: rejects, campaigns: campaigns,
                    history: history, delivery: delivery, removals: removals,
                    record: { (file) throws(IngestError) in try ledger.recordFile(file, run: runID) })
            }
        } catch {
            // The run stopped before its first file (a refused pre-flight): nothing was prepared.
            try? rejects.close()
            report.warnings = warnings.isEmpty ? nil : warnings
            report.finishedAt = Self.timestamp()
            try? ledger.finishRun(runID, report: report, exitCode: error.exitCode)
            try? ReportWriter.write(report, to: directories.report)
            throw error
        }
        for file in result.files { report.add(file) }
        report.uploads = result.uploads
        report.removalsByStatus = result.removals.isEmpty ? nil : result.removals
        for warning in report.noteSuppression(result.suppression) {
            logger.warning("\(warning)")
            warnings.append(warning)
        }
        do {
            try removals?.close()
        } catch {
            warnings.append("the removals list is incomplete: \(error.message)")
        }
        report.warnings = warnings.isEmpty ? nil : warnings
        report.finishedAt = Self.timestamp()
        if let stop = result.stop {
            // The run stops (a refused login, an unwritable ledger), but what was done is still reported.
            try? ledger.finishRun(runID, report: report, exitCode: stop.exitCode)
            try? ReportWriter.write(report, to: directories.report)
            throw stop
        }
        let exitCode = Self.exitCode(for: report)
        try ledger.finishRun(runID, report: report, exitCode: exitCode)
        try ReportWriter.write(report, to: directories.report)
        return RunOutcome(
            report: report, reportPath: directories.report, rejectsPath: directories.rejects, exitCode: exitCode)
    }
}
