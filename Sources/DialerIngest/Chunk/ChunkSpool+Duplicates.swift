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
        /// `(line index in the chunk, ordinal)` of its lines whose duplicate check was deferred, if any.
        var tags: String?
    }

    /// Notes that the line about to be written to `group`'s current chunk carries the deferred-duplicate ordinal
    /// `ordinal`: the tag is where the line lies in the chunk (byte offset, length) and the ordinal.
    func tag(_ group: Group, lineLength: Int, ordinal: Int) throws(IngestError) {
        guard let current = group.current else { return }
        if group.tags == nil { group.tags = try SpillFile(path: current.path + ".tags", bufferSize: 4 << 10) }
        try group.tags?.append(UInt64(current.bytesWritten))
        try group.tags?.append(UInt64(lineLength))
        try group.tags?.append(UInt64(ordinal))
    }

    /// Rewrites the chunks without the tagged lines `isDuplicate` names, keeping the order of the others; a
    /// chunk left empty goes. The row and byte limits are upper bounds, so the chunks stay within them.
    /// The chunks are rewritten two at a time: this runs at the end of a file, with the other stages idle.
    /// - Returns: the lines removed.
    @discardableResult
    func removeLines(where isDuplicate: (Int) -> Bool) throws(IngestError) -> Int {
        var work: [(group: Int, part: Int, drop: [Range<Int>])] = []
        for (groupIndex, group) in order.enumerated() {
            try close(group)
            for (partIndex, part) in group.finished.enumerated() {
                guard let tags = part.tags else { continue }
                let drop = try Self.ranges(in: tags, where: isDuplicate)
                try? FileManager.default.removeItem(atPath: tags)
                group.finished[partIndex].tags = nil
                if !drop.isEmpty { work.append((groupIndex, partIndex, drop)) }
            }
        }
        let parts = work.map { order[$0.group].finished[$0.part] }
        let drops = work.map(\.drop)
        let results = ParallelWork.map(work.count) { (index) throws(IngestError) in
            try Self.rewrite(parts[index], dropping: drops[index])
        }
        var removed = 0
        for (index, item) in work.enumerated() {
            let rewritten = try results[index].get()
            removed += order[item.group].finished[item.part].rows - rewritten.rows
            order[item.group].finished[item.part] = rewritten
        }
        for group in order {
            for part in group.finished where part.rows == 0 {
                try? FileManager.default.removeItem(atPath: part.staging)
            }
            group.finished.removeAll { $0.rows == 0 }
        }
        return removed
    }

    /// The byte ranges of a chunk's tagged lines whose ordinal `isDuplicate` names, in order.
    private static func ranges(in tags: String, where isDuplicate: (Int) -> Bool) throws(IngestError) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        let reader = try SpillReader(path: tags)
        while let offset = try reader.nextUInt64() {
            guard let length = try reader.nextUInt64(), let ordinal = try reader.nextUInt64() else {
                throw IngestError(.outputFailed, "a chunk's tags end early", file: tags)
            }
            if isDuplicate(Int(ordinal)) { ranges.append(Int(offset)..<Int(offset + length)) }
        }
        return ranges
    }

    /// The chunk copied without the byte ranges `drop` (ascending, each one whole line).
    private static func rewrite(_ part: Part, dropping drop: [Range<Int>]) throws(IngestError) -> Part {
        let input = open(part.staging, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw IngestError(.outputFailed, "cannot reopen a chunk", file: part.staging) }
        defer { _ = closeDescriptor(input) }
        let output = try OutputFile(path: part.staging + "-rewritten", durable: false)
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 8)
        defer { block.deallocate() }
        var keep: [Range<Int>] = []
        var start = 0
        for range in drop {
            guard range.lowerBound >= start, range.upperBound <= part.bytes else {
                throw IngestError(.outputFailed, "a chunk's tags do not match its lines", file: part.staging)
            }
            if range.lowerBound > start { keep.append(start..<range.lowerBound) }
            start = range.upperBound
        }
        if start < part.bytes { keep.append(start..<part.bytes) }
        // The chunk is read in whole blocks (one call per 256 KiB, not one per kept range: a late duplicate
        // every ~50 lines makes tens of thousands of ranges) and the kept pieces of each block are written on.
        var next = 0
        var blockStart = 0
        while next < keep.count {
            let blockEnd = min(blockStart + block.count, part.bytes)
            var filled = 0
            while blockStart + filled < blockEnd {
                let count = pread(
                    input, block.baseAddress.map { $0 + filled }, blockEnd - blockStart - filled,
                    off_t(blockStart + filled))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    throw IngestError(.outputFailed, "cannot read a chunk back", file: part.staging)
                }
                filled += count
            }
            let bytes = UnsafeBufferPointer(
                start: block.baseAddress?.assumingMemoryBound(to: UInt8.self), count: filled)
            while next < keep.count && keep[next].lowerBound < blockEnd {
                let piece = max(keep[next].lowerBound, blockStart)..<min(keep[next].upperBound, blockEnd)
                try output.write(
                    UnsafeBufferPointer(
                        rebasing: bytes[(piece.lowerBound - blockStart)..<(piece.upperBound - blockStart)]))
                if keep[next].upperBound > blockEnd { break }
                next += 1
            }
            blockStart = blockEnd
        }
        try output.close()
        // The copy keeps its own name: renaming it over the old chunk would make ext4 (auto_da_alloc) write it
        // to disk at once, and the next fsync of the run (the rejects) would wait for every rewritten chunk.
        guard unlink(part.staging) == 0 else {
            throw IngestError(.outputFailed, "cannot remove a chunk after rewriting it", file: part.staging)
        }
        var rewritten = part
        rewritten.staging = output.path
        rewritten.rows -= drop.count
        rewritten.bytes = output.bytesWritten
        return rewritten
    }
}
