import Foundation

extension ChunkSpool {
    /// A closed chunk in the staging folder.
    struct Part {
        var staging: String
        var rows: Int
        var bytes: Int
        /// The ordinals of its tagged lines (the last `rows - untaggedRows`), when it has any.
        var tags: String?
        var untaggedRows: Int
    }

    /// Notes the ordinal of the line just written to `group`'s current chunk. Lines are tagged from the
    /// duplicate check's switch to deferred mode on, so a chunk is untagged lines, then tagged ones.
    func tag(_ group: Group, ordinal: Int) throws(IngestError) {
        if group.tags == nil, let current = group.current {
            group.tags = try SpillFile(path: current.path + ".tags", bufferSize: 4 << 10)
            group.untaggedRows = group.rows
        }
        try group.tags?.append(UInt64(ordinal))
    }

    /// Rewrites the chunks without the tagged lines `isDuplicate` names, keeping the order of the others; a
    /// chunk left empty goes. The row and byte limits are upper bounds, so the chunks stay within them.
    /// - Returns: the lines removed.
    @discardableResult
    func removeLines(where isDuplicate: (Int) -> Bool) throws(IngestError) -> Int {
        var removed = 0
        for group in order {
            try close(group)
            var kept: [Part] = []
            for var part in group.finished {
                if let tags = part.tags {
                    removed += try Self.rewrite(&part, tags: tags, isDuplicate: isDuplicate)
                    try? FileManager.default.removeItem(atPath: tags)
                    part.tags = nil
                }
                if part.rows > 0 {
                    kept.append(part)
                } else {
                    try? FileManager.default.removeItem(atPath: part.staging)
                }
            }
            group.finished = kept
        }
        return removed
    }

    private static func rewrite(
        _ part: inout Part, tags: String, isDuplicate: (Int) -> Bool
    ) throws(IngestError) -> Int {
        var dropping = false
        let scan = try SpillReader(path: tags)
        while let ordinal = try scan.nextUInt64() {
            if isDuplicate(Int(ordinal)) {
                dropping = true
                break
            }
        }
        guard dropping else { return 0 }
        let ordinals = try SpillReader(path: tags)
        let lines = try SpillReader(path: part.staging)
        let output = try OutputFile(path: part.staging + ".new")
        var line: [UInt8] = []
        var index = 0
        var rows = 0
        while try lines.nextLine(into: &line) {
            if index >= part.untaggedRows {
                guard let ordinal = try ordinals.nextUInt64() else {
                    throw IngestError(.outputFailed, "a chunk has more lines than tags", file: part.staging)
                }
                if isDuplicate(Int(ordinal)) {
                    index += 1
                    continue
                }
            }
            try output.write(line)
            rows += 1
            index += 1
        }
        try output.close()
        guard index == part.rows else {
            throw IngestError(.outputFailed, "a chunk does not have the lines it was written with", file: part.staging)
        }
        if rename(part.staging + ".new", part.staging) != 0 {
            throw IngestError(.outputFailed, "cannot replace a chunk", file: part.staging)
        }
        let removed = part.rows - rows
        part.rows = rows
        part.bytes = output.bytesWritten
        return removed
    }
}
