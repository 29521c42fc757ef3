import Foundation
import Logging
import PhoneNumbers

/// One file prepared for delivery: its report entry, and its chunks when it passed the gate.
package struct PreparedFile: Sendable {
    package var report: FileReport
    package var chunks: [SpooledChunk] = []
    /// Chunks of numbers to take out of their campaigns (`mode: remove` / `replace`), not to upload.
    package var removals: [SpooledChunk] = []
}

/// PREPARE + GATE for one file: bytes → text → records → lines → chunks, every reject reported,
/// then the gate (read to its end, reject ratio within the limit) decides whether any chunk survives.
package struct FilePreparer {
    let config: IngestConfig
    let phone: PhoneNumberParser
    let logger: Logger
    let progress: ProgressLine
    /// The server's campaigns, when the run checked them: a file with rows for any other fails whole.
    package var campaigns: CampaignCheck? = nil
    /// Whether each chunk keeps its numbers file (``SpooledChunk/numbers``): set when the chunks are delivered,
    /// for the ledger's record of what was loaded.
    package var keepsNumbers = false
    /// What earlier runs loaded: rows whose number it names are rejected `already-loaded` (nil: `--force`, or
    /// a dry run without a ledger).
    package var history: (any LoadHistory)? = nil
    /// The run's do-not-call lists (nil: none configured). Not applied in `mode: remove`: taking a listed
    /// number out of a campaign is what the list wants.
    package var suppression: Suppression? = nil
    /// How many accepted rows ahead the duplicate check's lookup is prefetched.
    static let prefetchDistance = 8

    package init(config: IngestConfig, phone: PhoneNumberParser, logger: Logger, progress: ProgressLine) {
        self.config = config
        self.phone = phone
        self.logger = logger
        self.progress = progress
    }

    /// Prepares `path`, spooling chunks into `directory`; never throws: failures are in the report.
    package func prepare(
        path: String, index: Int, directory: String, duplicates: DuplicateCheck, rejects: RejectsWriter
    ) -> PreparedFile {
        var report = FileReport(path: path)
        var spool: ChunkSpool?
        do {
            // A list covering every campaign that cannot be used: nothing of any file may load, so none is read.
            if config.mode != .remove, let problem = suppression?.problemEverywhere {
                throw Self.blocked(path, by: problem)
            }
            var input = try RecordReaders.open(path: path, config: config)
            report.compressed = input.compressed
            report.encoding = input.encodingName
            spool = try ChunkSpool(
                directory: directory, stagingName: ".staging-\(index)", maxRows: config.upload.chunkRows,
                maxBytes: config.upload.chunkBytes, numbers: keepsNumbers || history != nil)
            let lateDuplicates = try read(
                &input, path: path, into: &report, spool: spool, duplicates: duplicates, rejects: rejects)
            let sha256 = input.sha256Hex()
            report.sha256 = sha256
            try spool?.removeLines(where: { lateDuplicates[$0] })
            var loadedBefore = 0
            var numbers: [String: [UInt64]] = [:]
            if let history, let spool {
                (loadedBefore, numbers) = try rejectEarlierLoads(
                    history, spool: spool, path: path, sha256: sha256, report: &report, rejects: rejects)
            }
            // The file's rejects are all written: the disk takes them while the chunks are finished.
            try rejects.startWriteback()
            try gate(report, loadedBefore: loadedBefore)
            let stem = ChunkName.stem(ofPath: path)
            var chunks = try spool?.finish(stem: stem, sha256: sha256) ?? []
            if let campaigns, let problem = campaigns.problem(with: chunks.filter { $0.rows > 0 }.map(\.campaign)) {
                for chunk in chunks { try? FileManager.default.removeItem(atPath: chunk.path) }
                throw IngestError(.unknownCampaign, problem, file: path)
            }
            if config.mode != .remove,
                let problem = suppression?.problem(covering: chunks.filter { $0.rows > 0 }.map(\.campaign))
            {
                for chunk in chunks { try? FileManager.default.removeItem(atPath: chunk.path) }
                throw Self.blocked(path, by: problem)
            }
            var removals: [SpooledChunk] = []
            switch config.mode {
            case .load: break
            case .remove: swap(&chunks, &removals)
            case .replace:
                if let history {
                    removals = try removalsForReplace(history, numbers: numbers, directory: directory, index: index)
                }
            }
            if !keepsNumbers {
                Self.removeNumbers(of: &chunks)
                Self.removeNumbers(of: &removals)
            }
            try duplicates.commit()
            report.status = .ok
            report.chunks = chunks.count
            if config.mode != .load { report.removals = removals.reduce(0) { $0 + $1.rows } }
            return PreparedFile(report: report, chunks: chunks, removals: removals)
        } catch let error as IngestError {
            spool?.discard()
            try? duplicates.discard()
            report.holdBack()
            report.status = .failed
            report.error = FileReport.Failure(
                code: error.code, message: error.message, line: error.line, cause: error.cause)
            logger.notice(
                "file failed",
                metadata: ["ingest.file": "\(Terminal.escaped(path))", "ingest.error": "\(error.code.rawValue)"])
            return PreparedFile(report: report)
        } catch {
            spool?.discard()
            try? duplicates.discard()
            report.holdBack()
            report.error = FileReport.Failure(code: .internalError, message: "\(error)", line: nil)
            return PreparedFile(report: report)
        }
    }

    /// A file stopped by a do-not-call list that cannot be used: the list's problem, said of the file.
    private static func blocked(_ path: String, by problem: IngestError) -> IngestError {
        IngestError(problem.code, problem.message + "; nothing of this file is sent", file: path)
    }

    /// Deletes the chunks' numbers files (spooled for the ledger check only) and the folder they were in, if
    /// that leaves it empty.
    private static func removeNumbers(of chunks: inout [SpooledChunk]) {
        var folders: Set<String> = []
        for index in chunks.indices {
            guard let numbers = chunks[index].numbers else { continue }
            try? FileManager.default.removeItem(atPath: numbers)
            folders.insert((numbers as NSString).deletingLastPathComponent)
            chunks[index].numbers = nil
        }
        // Only when empty: a folder may hold more than these (the removals' own lines).
        for folder in folders { rmdir(folder) }
    }

    /// Reads the file through the stages into `spool` and `rejects`; returns the rows the duplicate check
    /// found late (their rejects written, their lines still in the spool).
    private func read(
        _ table: inout some RecordReader, path: String, into report: inout FileReport, spool: ChunkSpool?,
        duplicates: DuplicateCheck, rejects: RejectsWriter
    ) throws -> DuplicateBitmap {
        let delimiter = table.delimiter
        report.delimiter = table.delimiterName
        let map = try ColumnMap.resolve(
            headers: table.headers, columns: config.columns, file: path, line: table.headerLine)
        report.columns = map.summary
        table.watchNumberColumns([map.number] + map.alternatives.map(\.index))
        if map.campaign == nil && config.campaign == nil {
            throw IngestError(
                .configInvalid, "no campaign: set 'campaign' in the config or map a campaign column", file: path)
        }
        let normalizers = (0..<NormalizingThreads.count).map { _ in
            RowNormalizer(
                map: map, config: config, phone: phone, suppression: config.mode == .remove ? nil : suppression)
        }

        func reject(_ record: RecordFields, _ reason: RejectReason, _ detail: String, line: Int) throws(IngestError) {
            report.rejectsByReason[reason.rawValue, default: 0] += 1
            report.rowsRejected += 1
            try rejects.write(
                file: path, line: line, reason: reason, detail: detail, record: record, delimiter: delimiter)
        }

        let stages = StagedReader(reader: table, normalizers: normalizers)
        stages.start()
        defer { _ = stages.finish() }
        var routes = RouteTable(normalizers: normalizers.count)
        while let batch = try stages.next() {
            report.rowsRead += batch.count
            try routes.learn(batch) { (campaign) throws(IngestError) in
                // `dedupe.scope: all`: one number per run, whatever its campaign.
                try duplicates.campaignNumber(anyCampaign ? Self.everyCampaign : campaign)
            }
            let batchRoutes = routes.fileRoutes(of: batch.normalizer)
            let outcomes = batch.outcomes
            let lines = batch.lines
            let keys = batch.keys
            for key in keys.prefix(Self.prefetchDistance) { duplicates.prefetch(key) }
            var accepted = 0
            for index in 0..<batch.count {
                // Records are only touched when rejected: the accepted path stays free of their bytes.
                switch outcomes[index] {
                case .rejectedByReader(let reason, let detail):
                    try batch.withRecord(index) { try reject($0, reason, detail, line: $0.line) }
                case .rejected(let problem):
                    try batch.withRecord(index) { try reject($0, problem.reason, problem.detail, line: problem.line) }
                case .accepted(let row, let lineRange):
                    if accepted + Self.prefetchDistance < keys.count {
                        duplicates.prefetch(keys[accepted + Self.prefetchDistance])
                    }
                    accepted += 1
                    let route = batchRoutes[row.route]
                    let admission = try duplicates.admit(row.numberKey, campaign: routes.campaignNumber(of: route)) {
                        (keep) throws(IngestError) in try batch.withRecord(index, keep)
                    }
                    guard case .kept(let ordinal) = admission else {
                        try batch.withRecord(index) {
                            try reject(
                                $0, .duplicate,
                                Self.duplicateDetail(anyCampaign ? Self.everyCampaign : routes.routes[route].campaign),
                                line: $0.line)
                        }
                        continue
                    }
                    try spool?.append(
                        lines[lineRange], number: row.numberKey, source: batch.line(index), route: route,
                        of: routes.routes, ordinal: ordinal)
                    report.rowsAccepted += 1
                }
            }
            progress.update(
                file: path, bytes: batch.bytesFromDisk, total: table.fileSize, rows: report.rowsRead,
                rejects: report.rowsRejected)
            stages.recycle(batch)
        }
        table = stages.finish()
        report.encoding = table.encodingName
        report.rowsBlank = table.blankRecords
        report.fieldsSanitized = normalizers.reduce(0) { $0 + $1.fieldsSanitized }
        report.alternativesDropped = normalizers.reduce(0) { $0 + $1.alternativesDropped }
        report.alternativesSuppressed = normalizers.reduce(0) { $0 + $1.alternativesSuppressed }
        // Past the memory budget, duplicates are found at the end of the file; their rows were counted accepted.
        return try duplicates.resolveFile(path: path) { (record, campaign) throws(IngestError) in
            try reject(record, .duplicate, Self.duplicateDetail(campaign), line: record.line)
            report.rowsAccepted -= 1
        }
    }

    /// What the duplicate check keys every campaign by under `dedupe.scope: all` (no campaign is called so:
    /// lines cannot hold a newline).
    static let everyCampaign = "\n*"

    /// Whether a number is a duplicate whatever its campaign (`dedupe.scope: all`).
    var anyCampaign: Bool { config.dedupe.scope == .all }

    /// A `duplicate` reject's detail; `campaign` is the row's, or ``everyCampaign``.
    static func duplicateDetail(_ campaign: String) -> String {
        campaign == everyCampaign
            ? "the number is already in this run (dedupe.scope: all)" : "the number is already in campaign \(campaign)"
    }

    /// The file loads whole or not at all. Rows an earlier load took (`loadedBefore`) count as good rows:
    /// they are not wrong, only done, and a file resumed or dropped twice must pass as it did the first time.
    /// Suppressed rows count as good too: scrubbing a list is the job, not a sign of a broken file.
    private func gate(_ report: FileReport, loadedBefore: Int) throws(IngestError) {
        if report.rowsRead == 0 {
            throw IngestError(.noDataRows, "the file has a header but no data rows", file: report.path)
        }
        let suppressed = report.rejectsByReason[RejectReason.suppressed.rawValue, default: 0]
        let ratio = Double(report.rowsRejected - loadedBefore - suppressed) / Double(report.rowsRead)
        if ratio > config.limits.maxRejectRatio {
            let percent = Int((ratio * 100).rounded())
            let limit = Int((config.limits.maxRejectRatio * 100).rounded())
            throw IngestError(
                .rejectRatio,
                "\(percent)% of the rows were rejected, over limits.max_reject_ratio (\(limit)%): nothing of it is sent",
                file: report.path)
        }
    }
}
