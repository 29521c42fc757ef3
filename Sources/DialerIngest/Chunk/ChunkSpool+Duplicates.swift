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

    /// Notes that the line about to be written to `group`'s current chunk (its line `group.rows`) carries the
    /// deferred-duplicate ordinal `ordinal`.
    func tag(_ group: Group, ordinal: Int) throws(IngestError) {
        if group.tags == nil, let current = group.current {
            group.tags = try SpillFile(path: current.path + ".tags", bufferSize: 4 << 10)
        }
        try group.tags?.append(UInt64(group.rows))
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
                    removed += try Self.rewrite(&part, dropping: Self.lines(in: tags, where: isDuplicate))
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

    /// The line indexes of a chunk's tags file whose ordinal `isDuplicate` names, in order.
    private static func lines(in tags: String, where isDuplicate: (Int) -> Bool) throws(IngestError) -> [Int] {
        var lines: [Int] = []
        let reader = try SpillReader(path: tags)
        while let line = try reader.nextUInt64() {
            guard let ordinal = try reader.nextUInt64() else {
                throw IngestError(.outputFailed, "a chunk's tags end early", file: tags)
            }
            if isDuplicate(Int(ordinal)) { lines.append(Int(line)) }
        }
        return lines
    }

    /// Copies the chunk without its lines `drop` (ascending indexes), in runs between them.
    private static func rewrite(_ part: inout Part, dropping drop: [Int]) throws(IngestError) -> Int {
        guard !drop.isEmpty else { return 0 }
        let input = open(part.staging, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw IngestError(.outputFailed, "cannot reopen a chunk", file: part.staging) }
        defer { _ = closeDescriptor(input) }
        let output = try OutputFile(path: part.staging + ".new")
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 8)
        defer { block.deallocate() }
        guard let base = block.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        var line = 0
        var next = 0  // index into drop
        var lines = 0
        while true {
            let count = read(input, base, block.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw IngestError(.outputFailed, "cannot read a chunk back", file: part.staging)
            }
            if count == 0 { break }
            var position = 0
            var runStart = 0
            while position < count {
                let newline = memchr(base + position, 0x0A, count - position)
                let stop = newline.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) + 1 } ?? count
                if next < drop.count && drop[next] == line {
                    try output.write(UnsafeBufferPointer(start: base + runStart, count: position - runStart))
                    runStart = stop
                }
                if newline != nil {
                    if next < drop.count && drop[next] == line { next += 1 }
                    line += 1
                    lines += 1
                }
                position = stop
            }
            try output.write(UnsafeBufferPointer(start: base + runStart, count: count - runStart))
        }
        try output.close(sync: false)  // like every chunk (see `ChunkSpool.close`)
        guard lines == part.rows, next == drop.count else {
            throw IngestError(.outputFailed, "a chunk does not have the lines it was written with", file: part.staging)
        }
        if rename(part.staging + ".new", part.staging) != 0 {
            throw IngestError(.outputFailed, "cannot replace a chunk", file: part.staging)
        }
        part.rows -= drop.count
        part.bytes = output.bytesWritten
        return drop.count
    }
}
