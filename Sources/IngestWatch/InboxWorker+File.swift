import DialerIngest
import Foundation
import IngestCore
import IngestDelivery
import Logging

#if canImport(Glibc)
    import Glibc
#endif

extension InboxWorker {
    /// One claimed file, from `processing/` to its end: a duplicate goes to the archive untouched, a routed
    /// file runs through the pipeline and goes to `archive/DATE/` (every chunk accepted) or `failed/`;
    /// a file stopped mid-upload stays in `processing/` for the next start.
    /// - Throws: what must stop the worker (refused login, ledger, a folder it cannot write); the file is
    ///   then left where it is.
    func handle(claimed path: String, name: String) async throws(IngestError) {
        let sha256: String
        switch try InboxFiles.hash(path) {
        case .notRegular(let kind):
            logger.warning(
                "skipped: not a regular file",
                metadata: ["watch.file": "\(Terminal.escaped(name))", "watch.kind": "\(kind)"])
            _ = try move(path, to: layout.failed, as: name)
            return
        case .regular(let sha): sha256 = sha
        }
        if let earlier = try ledger.inboxRecord(sha256: sha256), earlier.state == .archived {
            try archiveDuplicate(path, name: name, sha256: sha256, of: earlier)
            return
        }
        guard let fileConfig = route(for: name) else {
            try finish(
                path, name: name, sha256: sha256, to: layout.failed, state: .failed,
                note: ["error": "no-route", "message": "no watch.routes pattern matches the file name"])
            summary.note(ExitCode.dataError)
            return
        }
        try ledger.recordInbox(sha256: sha256, name: name, state: .claimed, location: path)

        let stem = InboxName.stem(name, prefix: ".", longestSuffix: ".report.rejects.csv")
        let report = layout.processing + "/." + stem + ".report.json"
        var options = RunOptions(reportPath: report)
        options.showProgress = false
        let stop = self.stop
        options.shouldStop = { stop.isSet }
        let outcome = try await IngestRun(config: fileConfig, options: options, logger: logger).run(files: [path])

        if let failure = outcome.report.files.compactMap(\.error).first(where: { $0.code == .outputFailed }) {
            // Our disk, not the file: a full disk or an unwritable spool must not send the file to failed/.
            throw IngestError(.outputFailed, "\(failure.message); the file stays in processing/", file: path)
        }
        let statuses = outcome.report.uploads.map(\.status)
        let fileOK = outcome.report.files.allSatisfy { $0.status == .ok }
        let uncertainRows = outcome.report.rejectsByReason[RejectReason.loadUncertain.rawValue, default: 0] > 0
        let removalsDone = (outcome.report.removalsByStatus ?? [:]).keys.allSatisfy {
            $0 == RemovalOutcome.Status.removed.rawValue
        }
        let delivered =
            fileOK && !uncertainRows && removalsDone
            && statuses.allSatisfy { $0 == .accepted || $0 == .alreadyUploaded }
        record(outcome.report)
        if !delivered && stop.isSet && statuses.contains(.pending) {
            summary.leftInProcessing += 1
            logger.notice(
                "stopped mid-file: left in processing, resumed on the next start",
                metadata: ["watch.file": "\(Terminal.escaped(name))"])
            return
        }
        var reports = [(report, stem + ".report.json"), (outcome.rejectsPath, stem + ".rejects.csv")]
        if let removals = outcome.report.removalsFile { reports.append((removals, stem + ".removals.csv")) }
        if delivered {
            try InboxFiles.makeDirectory(layout.archiveFolder())
            try finish(path, name: name, sha256: sha256, to: layout.archiveFolder(), state: .archived, reports: reports)
            summary.archived += 1
            metrics.add("dialer_ingest_watch_files_total", ("outcome", "archived"))
            metrics.set("dialer_ingest_watch_last_success_timestamp_seconds", Date().timeIntervalSince1970.rounded())
        } else {
            try finish(path, name: name, sha256: sha256, to: layout.failed, state: .failed, reports: reports)
            summary.note(outcome.exitCode == 0 ? ExitCode.dataError : outcome.exitCode)
        }
        writeMetrics()
    }

    /// The first route whose pattern matches `name`; the main config when no routes are configured.
    func route(for name: String) -> IngestConfig? {
        if routes.isEmpty { return config }
        return routes.first { fnmatch($0.pattern, name, 0) == 0 }?.config
    }

    /// Same content as a file already uploaded: archived as `duplicate-of-ORIGINAL--NAME`, nothing sent.
    private func archiveDuplicate(_ path: String, name: String, sha256: String, of earlier: Ledger.InboxRecord)
        throws(IngestError)
    {
        let folder = layout.archiveFolder()
        try InboxFiles.makeDirectory(folder)
        let duplicate = InboxName.fit("\(earlier.name)--\(name)", prefix: "duplicate-of-")
        let note = [
            "duplicate_of": earlier.name, "original_location": earlier.location ?? "", "sha256": sha256, "file": name,
        ]
        let moved = try move(path, to: folder, as: duplicate)
        writeNote(note, to: moved)
        summary.duplicates += 1
        metrics.add("dialer_ingest_watch_files_total", ("outcome", "duplicate"))
        writeMetrics()
        logger.notice(
            "duplicate of an uploaded file: archived, nothing sent",
            metadata: [
                "watch.file": "\(Terminal.escaped(name))", "watch.duplicate_of": "\(Terminal.escaped(earlier.name))",
            ])
    }

    /// Moves the file (and its report, rejects and removals, named after where the file lands) and records
    /// where.
    private func finish(
        _ path: String, name: String, sha256: String, to folder: String, state: Ledger.InboxState,
        reports: [(from: String, name: String)] = [], note: [String: String]? = nil
    ) throws(IngestError) {
        let moved = try move(path, to: folder, as: name)
        let landed = (moved as NSString).lastPathComponent
        for (from, reportName) in reports where access(from, F_OK) == 0 {
            let suffix = [".report.json", ".rejects.csv", ".removals.csv"].first { reportName.hasSuffix($0) } ?? ""
            let target = landed == name ? reportName : InboxName.fit(landed, suffix: suffix)
            _ = try move(from, to: folder, as: target)
        }
        if let note { writeNote(note.merging(["file": name, "sha256": sha256]) { $1 }, to: moved) }
        try ledger.recordInbox(sha256: sha256, name: name, state: state, location: moved)
        if state == .failed {
            metrics.add("dialer_ingest_watch_files_total", ("outcome", "failed"))
            metrics.add("dialer_ingest_watch_failures_total")
            summary.failed += 1
        }
        logger.notice(
            state == .archived ? "archived" : "moved to failed",
            metadata: ["watch.file": "\(Terminal.escaped(name))", "watch.to": "\(Terminal.escaped(moved))"])
    }

    /// A small JSON report beside a file the pipeline did not run on (a duplicate, an unrouted file).
    private func writeNote(_ note: [String: String], to moved: String) {
        let folder = (moved as NSString).deletingLastPathComponent
        let path = folder + "/" + InboxName.fit((moved as NSString).lastPathComponent, suffix: ".report.json")
        let data = try? JSONSerialization.data(withJSONObject: note, options: [.prettyPrinted, .sortedKeys])
        if !FileManager.default.createFile(atPath: path, contents: data) {
            logger.warning("cannot write the report", metadata: ["watch.file": "\(Terminal.escaped(path))"])
        }
    }

    /// Adds a processed file's rows and chunk outcomes to the metrics.
    private func record(_ report: RunReport) {
        metrics.add("dialer_ingest_watch_rows_total", ("result", "accepted"), Double(report.totals.rowsAccepted))
        metrics.add("dialer_ingest_watch_rows_total", ("result", "rejected"), Double(report.totals.rowsRejected))
        metrics.add("dialer_ingest_watch_rows_total", ("result", "held"), Double(report.totals.rowsHeld))
        for upload in report.uploads {
            metrics.add("dialer_ingest_watch_uploads_total", ("status", upload.status.rawValue))
        }
    }
}
