import IngestCore

/// The text `dialer-ingest report` prints: one line per recent run.
public enum LedgerReport {
    public static func recentRuns(config: IngestConfig, limit: Int) throws(IngestError) -> String {
        let ledger = try Ledger(directory: config.effectiveStateDirectory)
        var lines = [
            "run\tstarted\tfinished\texit\tfiles\trows_accepted\trows_rejected\tchunks_accepted\tchunks_not_accepted"
        ]
        for run in try ledger.recentRuns(limit: limit) {
            lines.append(
                [
                    String(run.id), run.startedAt, run.finishedAt ?? "unfinished", run.exitCode.map(String.init) ?? "-",
                    String(run.files), String(run.rowsAccepted), String(run.rowsRejected), String(run.chunksAccepted),
                    String(run.chunksNotAccepted),
                ].joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
