extension FilePreparer {
    /// Takes out of the file's chunks the rows whose number an earlier load took (see ``LoadHistory``) and
    /// rejects them `already-loaded`, or `load-uncertain` when that load's outcome is unknown. Runs once the
    /// file's own duplicates are out, so each number is asked once.
    ///
    /// The numbers come from the chunks' numbers files (8 bytes per row in memory, sorted per campaign); the
    /// rejected rows' text from a second read of the file, made only when there are any, which must give the
    /// same SHA-256 as the first.
    /// - Returns: how many rows were rejected, and the file's numbers per campaign, ascending (those rejected
    ///   here included: what `mode: replace` compares the ledger with).
    func rejectEarlierLoads(
        _ history: any LoadHistory, spool: ChunkSpool, path: String, sha256: String, report: inout FileReport,
        rejects: RejectsWriter
    ) throws(IngestError) -> (rejected: Int, numbers: [String: [UInt64]]) {
        let files = try spool.numberFiles()
        var numbers: [String: [UInt64]] = [:]
        for (campaign, indexes) in Dictionary(grouping: files.indices, by: { files[$0].campaign }) {
            var list: [UInt64] = []
            for index in indexes {
                let entries = try Self.entries(of: files[index])
                for row in 0..<files[index].rows { list.append(entries[2 * row]) }
            }
            list.formSortedUnique()
            numbers[campaign] = list
        }
        let answer = try history.earlierLoads(of: numbers, fileSHA256: sha256)
        guard !answer.loads.isEmpty else { return (0, numbers) }

        var removals: [(group: Int, part: Int, lines: [Int])] = []
        // (input line, load) of each row to reject; sorted by line below, to meet them in the second read.
        var hits: [(source: Int, load: Int)] = []
        for file in files {
            guard let list = numbers[file.campaign], answer.verdicts[file.campaign] != nil else { continue }
            let entries = try Self.entries(of: file)
            var lines: [Int] = []
            for row in 0..<file.rows {
                let number = entries[2 * row]
                guard let found = list.sortedIndex(of: number),
                    let verdict = answer.verdicts[file.campaign]?[found], verdict > 0
                else { continue }
                lines.append(row)
                hits.append((Int(entries[2 * row + 1]), Int(verdict) - 1))
            }
            if !lines.isEmpty { removals.append((file.group, file.part, lines)) }
        }
        guard !hits.isEmpty else { return (0, numbers) }
        try spool.removeLines(at: removals)
        hits.sort { $0.source < $1.source }
        try writeRejects(hits, loads: answer.loads, path: path, sha256: sha256, report: &report, rejects: rejects)
        return (hits.count, numbers)
    }

    /// Reads the file again and writes the reject of each record that starts on a line of `hits`.
    private func writeRejects(
        _ hits: [(source: Int, load: Int)], loads: [EarlierLoads.Load], path: String, sha256: String,
        report: inout FileReport, rejects: RejectsWriter
    ) throws(IngestError) {
        var reader = try RecordReaders.open(path: path, config: config)
        let delimiter = reader.delimiter
        var store = RecordStore()
        var next = 0
        while let check = try reader.next(into: &store) {
            store.commitRecord(check)
            let line = store.line(0)
            if next < hits.count && hits[next].source == line {
                let load = loads[hits[next].load]
                let reason: RejectReason = load.uncertain ? .loadUncertain : .alreadyLoaded
                try store.withRecord(0) { (record) throws(IngestError) in
                    try rejects.write(
                        file: path, line: line, reason: reason, detail: load.detail, record: record,
                        delimiter: delimiter)
                }
                report.rejectsByReason[reason.rawValue, default: 0] += 1
                report.rowsRejected += 1
                report.rowsAccepted -= 1
                next += 1
            }
            store.removeAll()
        }
        guard reader.sha256Hex() == sha256 else {
            throw IngestError(.fileChanged, "the file changed between its two reads", file: path)
        }
        guard next == hits.count else {
            throw IngestError(.internalError, "rows the ledger matched were not found again", file: path)
        }
    }

    /// A numbers file's entries (number, input line), checked against its chunk's line count.
    private static func entries(of file: ChunkSpool.NumberFile) throws(IngestError) -> [UInt64] {
        let entries = try SpillReader.readAll(path: file.path)
        guard entries.count == 2 * file.rows else {
            throw IngestError(.outputFailed, "a chunk's numbers do not match its lines", file: file.path)
        }
        return entries
    }
}
