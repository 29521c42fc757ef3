import Foundation

#if canImport(Glibc)
    import Glibc
    private let closeDescriptor = Glibc.close
#elseif canImport(Darwin)
    import Darwin
    private let closeDescriptor = Darwin.close
#endif

extension ChunkSpool {
    /// A closed chunk in the staging folder.
    struct Part {
        var staging: String
        var rows: Int
        var bytes: Int
        /// `(byte offset, length, ordinal, line index)` of its lines whose duplicate check was deferred, if any.
        var tags: String?
        /// Its numbers file (see ``SpooledChunk/numbers``), if the spool keeps them.
        var numbers: String?
    }

    /// Notes that the line about to be written to `group`'s current chunk carries the deferred-duplicate ordinal
    /// `ordinal`: the tag is where the line lies in the chunk (byte offset, length), the ordinal and the line's
    /// index in the chunk (for its entry in the numbers file).
    func tag(_ group: Group, lineLength: Int, ordinal: Int) throws(IngestError) {
        guard let current = group.current else { return }
        tagged = true
        if group.tags == nil { group.tags = try SpillFile(path: current.path + ".tags", bufferSize: 4 << 10) }
        try group.tags?.append(UInt64(current.bytesWritten))
        try group.tags?.append(UInt64(lineLength))
        try group.tags?.append(UInt64(ordinal))
        try group.tags?.append(UInt64(group.rows))
    }

    /// Rewrites the chunks without the tagged lines `isDuplicate` names, keeping the order of the others; a
    /// chunk left empty goes. The row and byte limits are upper bounds, so the chunks stay within them.
    /// The chunks are rewritten two at a time: this runs at the end of a file, with the other stages idle.
    /// - Returns: the lines removed.
    @discardableResult
    func removeLines(where isDuplicate: (Int) -> Bool) throws(IngestError) -> Int {
        guard tagged else { return 0 }
        var work: [(group: Int, part: Int, drop: [Range<Int>], lines: [Int])] = []
        for (groupIndex, group) in order.enumerated() {
            try close(group)
            for (partIndex, part) in group.finished.enumerated() {
                guard let tags = part.tags else { continue }
                let (drop, lines) = try Self.ranges(in: tags, where: isDuplicate)
                try? FileManager.default.removeItem(atPath: tags)
                group.finished[partIndex].tags = nil
                if !drop.isEmpty { work.append((groupIndex, partIndex, drop, lines)) }
            }
        }
        let drops = work.map(\.drop)
        return try rewrite(work.map { ($0.group, $0.part, $0.lines) }) { _, index in drops[index] }
    }

    /// A finished chunk's numbers file (see ``SpooledChunk/numbers``), and where the chunk is in the spool.
    struct NumberFile {
        var campaign: String
        var group: Int
        var part: Int
        var path: String
        var rows: Int
    }

    /// Closes every chunk and lists their numbers files (none when the spool keeps no numbers).
    func numberFiles() throws(IngestError) -> [NumberFile] {
        var files: [NumberFile] = []
        for (groupIndex, group) in order.enumerated() {
            try close(group)
            for (partIndex, part) in group.finished.enumerated() {
                guard let path = part.numbers else { continue }
                files.append(
                    NumberFile(
                        campaign: group.key.campaign, group: groupIndex, part: partIndex, path: path, rows: part.rows))
            }
        }
        return files
    }

    /// Rewrites the chunks without the lines `removals` names by their index in their chunk (ascending), as
    /// `removeLines(where:)` does. Call after `numberFiles()` and before `finish`.
    /// - Returns: the lines removed.
    @discardableResult
    func removeLines(at removals: [(group: Int, part: Int, lines: [Int])]) throws(IngestError) -> Int {
        let lines = removals.map(\.lines)
        return try rewrite(removals) { part, index throws(IngestError) in
            try Self.lineRanges(of: part, lines: lines[index])
        }
    }

    /// Rewrites each of `targets` without its `lines` (line indexes, ascending), whose byte ranges `ranges`
    /// gives; two at a time (this runs at the end of a file, with the other stages idle). A chunk left empty
    /// goes, so the numbering stays dense. Returns the lines removed.
    private func rewrite(
        _ targets: [(group: Int, part: Int, lines: [Int])],
        ranges: @escaping @Sendable (Part, Int) throws(IngestError) -> [Range<Int>]
    ) throws(IngestError) -> Int {
        let parts = targets.map { order[$0.group].finished[$0.part] }
        let results = ParallelWork.map(targets.count) { (index) throws(IngestError) in
            let part = parts[index]
            try Self.dropNumbers(of: part, lines: targets[index].lines)
            if targets[index].lines.count == part.rows {
                // Every line goes: nothing to read or move.
                var emptied = part
                emptied.rows = 0
                emptied.bytes = 0
                return emptied
            }
            return try Self.rewrite(part, dropping: try ranges(part, index))
        }
        var removed = 0
        for (index, target) in targets.enumerated() {
            let rewritten = try results[index].get()
            removed += order[target.group].finished[target.part].rows - rewritten.rows
            order[target.group].finished[target.part] = rewritten
        }
        for group in order {
            for part in group.finished where part.rows == 0 {
                try? FileManager.default.removeItem(atPath: part.staging)
                if let numbers = part.numbers { try? FileManager.default.removeItem(atPath: numbers) }
            }
            group.finished.removeAll { $0.rows == 0 }
        }
        return removed
    }

    /// The byte ranges of a chunk's lines `lines` (ascending indexes), found by reading it for line ends.
    private static func lineRanges(of part: Part, lines: [Int]) throws(IngestError) -> [Range<Int>] {
        guard !lines.isEmpty else { return [] }
        let file = open(part.staging, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { throw IngestError(.outputFailed, "cannot reopen a chunk", file: part.staging) }
        defer { _ = closeDescriptor(file) }
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 8)
        defer { block.deallocate() }
        guard let base = block.baseAddress else { return [] }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(lines.count)
        var line = 0
        var lineStart = 0
        var next = 0
        var offset = 0
        while offset < part.bytes && next < lines.count {
            let count = min(block.count, part.bytes - offset)
            try transfer(file, base, count: count, at: offset, reading: true, part)
            let bytes = UnsafeRawBufferPointer(start: base, count: count)
            var position = 0
            while next < lines.count, let end = bytes[position...].firstIndex(of: 0x0A) {
                if line == lines[next] {
                    ranges.append(lineStart..<offset + end + 1)
                    next += 1
                }
                line += 1
                lineStart = offset + end + 1
                position = end + 1
            }
            offset += count
        }
        guard next == lines.count else {
            throw IngestError(.outputFailed, "a chunk has fewer lines than its numbers", file: part.staging)
        }
        return ranges
    }

    /// The byte ranges and line indexes of a chunk's tagged lines whose ordinal `isDuplicate` names, in order.
    private static func ranges(
        in tags: String, where isDuplicate: (Int) -> Bool
    ) throws(IngestError) -> (ranges: [Range<Int>], lines: [Int]) {
        var ranges: [Range<Int>] = []
        var lines: [Int] = []
        let reader = try SpillReader(path: tags)
        while let offset = try reader.nextUInt64() {
            guard let length = try reader.nextUInt64(), let ordinal = try reader.nextUInt64(),
                let line = try reader.nextUInt64()
            else {
                throw IngestError(.outputFailed, "a chunk's tags end early", file: tags)
            }
            if isDuplicate(Int(ordinal)) {
                ranges.append(Int(offset)..<Int(offset + length))
                lines.append(Int(line))
            }
        }
        return (ranges, lines)
    }

    /// Rewrites the part's numbers file without the entries of `lines` (ascending line indexes). A numbers
    /// file holds 16 bytes per line of a chunk of at most `upload.chunk_rows` lines: read and written whole.
    static func dropNumbers(of part: Part, lines: [Int]) throws(IngestError) {
        guard let path = part.numbers else { return }
        let entries = try SpillReader.readAll(path: path)
        guard entries.count == 2 * part.rows, lines.allSatisfy({ $0 < part.rows }) else {
            throw IngestError(.outputFailed, "a chunk's numbers do not match its lines", file: path)
        }
        // One pass: `lines` ascend, so the next one to drop is always `lines[next]`.
        var kept: [UInt64] = []
        kept.reserveCapacity(max(0, entries.count - 2 * lines.count))
        var next = 0
        for index in 0..<part.rows {
            if next < lines.count && lines[next] == index {
                next += 1
            } else {
                kept.append(entries[2 * index])
                kept.append(entries[2 * index + 1])
            }
        }
        let file = try SpillFile(path: path, bufferSize: 64 << 10)
        for number in kept { try file.append(number) }
        try file.finish()
    }

    /// The chunk without the byte ranges `drop` (ascending, each one whole line), compacted in place: the
    /// bytes before the first dropped line stay where they are; from there the part is read in 256 KiB blocks
    /// (one call per block, not one per kept range: a late duplicate every ~50 lines makes tens of thousands
    /// of ranges), each block's kept pieces are moved together in memory and written back at the write
    /// position, which never passes the read position; then the file is cut to its new length. No second
    /// file: no new pages to allocate, none to free, and nothing for ext4's `auto_da_alloc` to write out at
    /// once (a copy renamed over the chunk made the rejects' `fsync` wait for every rewritten chunk).
    static func rewrite(_ part: Part, dropping drop: [Range<Int>]) throws(IngestError) -> Part {
        var keep: [Range<Int>] = []
        var start = drop.first?.lowerBound ?? part.bytes
        for range in drop {
            guard range.lowerBound >= start, range.upperBound <= part.bytes else {
                throw IngestError(.outputFailed, "a chunk's tags do not match its lines", file: part.staging)
            }
            if range.lowerBound > start { keep.append(start..<range.lowerBound) }
            start = range.upperBound
        }
        if start < part.bytes { keep.append(start..<part.bytes) }
        let kept = part.bytes - drop.reduce(0) { $0 + $1.count }
        var rewritten = part
        rewritten.rows -= drop.count
        rewritten.bytes = kept
        if kept == 0 {
            // Every line dropped: the caller deletes the part.
            guard rewritten.rows == 0 else {
                throw IngestError(.outputFailed, "a chunk's tags do not match its lines", file: part.staging)
            }
            return rewritten
        }
        let file = open(part.staging, O_RDWR | O_CLOEXEC)
        guard file >= 0 else { throw IngestError(.outputFailed, "cannot reopen a chunk", file: part.staging) }
        defer { _ = closeDescriptor(file) }
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 8)
        defer { block.deallocate() }
        guard let blockBase = block.baseAddress else { return rewritten }
        var written = drop.first?.lowerBound ?? part.bytes
        var next = 0
        var blockStart = written
        while next < keep.count {
            let blockEnd = min(blockStart + block.count, part.bytes)
            try transfer(file, blockBase, count: blockEnd - blockStart, at: blockStart, reading: true, part)
            var filled = 0
            while next < keep.count && keep[next].lowerBound < blockEnd {
                let piece = max(keep[next].lowerBound, blockStart)..<min(keep[next].upperBound, blockEnd)
                let from = blockBase + (piece.lowerBound - blockStart)
                (blockBase + filled).copyMemory(from: from, byteCount: piece.count)
                filled += piece.count
                if keep[next].upperBound > blockEnd { break }
                next += 1
            }
            try transfer(file, blockBase, count: filled, at: written, reading: false, part)
            written += filled
            blockStart = blockEnd
        }
        guard written == kept, ftruncate(file, off_t(kept)) == 0 else {
            throw IngestError(.outputFailed, "cannot cut a chunk to its new length", file: part.staging)
        }
        return rewritten
    }

    /// Reads or writes exactly `count` bytes at `offset` of `file`.
    private static func transfer(
        _ file: Int32, _ buffer: UnsafeMutableRawPointer, count: Int, at offset: Int, reading: Bool, _ part: Part
    ) throws(IngestError) {
        var done = 0
        while done < count {
            let result =
                reading
                ? pread(file, buffer + done, count - done, off_t(offset + done))
                : pwrite(file, buffer + done, count - done, off_t(offset + done))
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                throw IngestError(
                    .outputFailed, reading ? "cannot read a chunk back" : "cannot rewrite a chunk", file: part.staging)
            }
            done += result
        }
    }
}
