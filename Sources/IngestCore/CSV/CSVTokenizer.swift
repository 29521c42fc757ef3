/// An RFC 4180 tokenizer over bytes: quoted fields with delimiters, doubled quotes and line breaks inside;
/// LF, CRLF and CR line ends; blank lines skipped. It keeps its state across blocks, so a record may
/// straddle any number of reads, and it stops a runaway quote at `maxRecordBytes` with the line it started on.
///
/// Works on any ASCII-compatible encoding (UTF-8, Windows-1252): the structural bytes are all ASCII.
final class CSVTokenizer {
    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    private static let quote: UInt8 = 0x22
    private static let carriageReturn: UInt8 = 0x0D
    private static let lineFeed: UInt8 = 0x0A

    let path: String
    let delimiter: UInt8
    let maxRecordBytes: Int
    private let source: any ByteSource
    private var block: [UInt8]
    private var position = 0
    private var state = State.fieldStart
    private var line = 1
    private var lastWasCR = false
    private var inRecord = false
    private var exhausted = false
    /// Rows whose every cell is empty (Excel's trailing `;;;;` rows): skipped, and counted.
    private(set) var blankRecords = 0

    /// - Parameter firstBlock: bytes already taken from `source` (by sniffing) that come first.
    init(source: any ByteSource, firstBlock: [UInt8], delimiter: UInt8, maxRecordBytes: Int, path: String) {
        self.source = source
        self.block = firstBlock
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
        self.path = path
    }

    /// Writes the next non-blank record to `record` (a `CSVRecord` is emptied first; a batch's store appends
    /// it after the records it holds); false at the end of the input.
    /// - Throws: `unterminated-quote` or `record-too-large` with the line the record started on.
    func next(into record: inout some RecordSink & ~Copyable) throws(IngestError) -> Bool {
        record.discardRecord()
        while true {
            if position == block.count {
                position = 0
                let more = exhausted ? false : try source.read(into: &block)
                if !more {
                    exhausted = true
                    block.removeAll()
                    guard try finish(&record) else { return false }
                    if record.recordIsBlank {
                        if record.recordFieldCount > 1 { blankRecords += 1 }
                        record.discardRecord()
                        return false
                    }
                    return true
                }
            }
            if scan(&record) {
                inRecord = false
                state = .fieldStart
                // A record that ended inside this block is held to the limit as well.
                if record.recordByteCount > maxRecordBytes { throw tooLarge(record) }
                if record.recordIsBlank {
                    // An empty line is layout; a row of empty cells (`;;;`) is counted in the report.
                    if record.recordFieldCount > 1 { blankRecords += 1 }
                    record.discardRecord()
                    continue
                }
                return true
            }
            if record.recordByteCount > maxRecordBytes { throw tooLarge(record) }
        }
    }

    private func tooLarge(_ record: borrowing some RecordSink & ~Copyable) -> IngestError {
        let hint = state == .quoted ? " (an unterminated quote?)" : ""
        return IngestError(
            .recordTooLarge, "record is longer than \(maxRecordBytes) bytes (limits.max_record_bytes)\(hint)",
            file: path, line: record.recordLine)
    }

    /// Ends the last record at the end of input.
    private func finish(_ record: inout some RecordSink & ~Copyable) throws(IngestError) -> Bool {
        guard inRecord else { return false }
        inRecord = false
        if state == .quoted {
            throw IngestError(
                .unterminatedQuote, "a quoted field is never closed: the file ends inside it", file: path,
                line: record.recordLine)
        }
        record.endField()
        state = .fieldStart
        return true
    }

    /// The scanner's state while it runs: copied out of the tokenizer and back, so the loop keeps it in
    /// registers.
    private struct ScanState {
        var state: State
        var inRecord: Bool
        var lastWasCR: Bool
        var line: Int

        @inline(__always)
        mutating func countLineBreak(_ byte: UInt8) {
            if byte == CSVTokenizer.carriageReturn {
                line += 1
                lastWasCR = true
            } else {
                if !lastWasCR { line += 1 }
                lastWasCR = false
            }
        }
    }

    /// Consumes bytes of the current block; true when a record ended.
    private func scan(_ record: inout some RecordSink & ~Copyable) -> Bool {
        var scan = ScanState(state: state, inRecord: inRecord, lastWasCR: lastWasCR, line: line)
        defer {
            state = scan.state
            inRecord = scan.inRecord
            lastWasCR = scan.lastWasCR
            line = scan.line
        }
        let delimiter = self.delimiter
        let maxRecordBytes = self.maxRecordBytes
        return block.withUnsafeBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            let end = buffer.count
            var index = position
            defer { position = index }
            while index < end {
                let byte = buffer[index]
                if !scan.inRecord {
                    if byte == Self.lineFeed && scan.lastWasCR {
                        scan.lastWasCR = false
                        index += 1
                        continue
                    }
                    scan.inRecord = true
                    record.recordLine = scan.line
                }
                switch scan.state {
                case .fieldStart, .unquoted:
                    if byte == delimiter {
                        record.endField()
                        scan.state = .fieldStart
                        scan.lastWasCR = false
                        index += 1
                    } else if byte == Self.lineFeed || byte == Self.carriageReturn {
                        scan.countLineBreak(byte)
                        index += 1
                        record.endField()
                        return true
                    } else if byte == Self.quote && scan.state == .fieldStart {
                        scan.state = .quoted
                        scan.lastWasCR = false
                        index += 1
                    } else {
                        // The run up to the next structural byte is copied in one go; a delimiter right after
                        // it (the usual case) is taken here too, without going round the loop.
                        let stop = ByteScan.firstIndex(
                            of: delimiter, Self.lineFeed, Self.carriageReturn, in: base, from: index + 1, to: end)
                        record.appendToField(UnsafeBufferPointer(rebasing: buffer[index..<stop]))
                        scan.lastWasCR = false
                        if stop < end && buffer[stop] == delimiter {
                            record.endField()
                            scan.state = .fieldStart
                            index = stop + 1
                        } else {
                            scan.state = .unquoted
                            index = stop
                        }
                    }
                case .quoted:
                    if byte == Self.quote {
                        scan.state = .quoteInQuoted
                        index += 1
                    } else if byte == Self.lineFeed || byte == Self.carriageReturn {
                        scan.countLineBreak(byte)
                        record.appendToField(byte)
                        index += 1
                    } else {
                        let stop = ByteScan.firstIndex(
                            of: Self.quote, Self.lineFeed, Self.carriageReturn, in: base, from: index + 1, to: end)
                        record.appendToField(UnsafeBufferPointer(rebasing: buffer[index..<stop]))
                        scan.lastWasCR = false
                        index = stop
                        if record.recordByteCount > maxRecordBytes { return false }
                    }
                case .quoteInQuoted:
                    scan.lastWasCR = false
                    if byte == Self.quote {
                        record.appendToField(Self.quote)
                        scan.state = .quoted
                        index += 1
                    } else if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn {
                        scan.state = .unquoted  // the field is closed; the structural byte is handled next
                    } else {
                        // `"abc"def`: lenient like Excel and Python's csv, the rest is kept as text.
                        record.appendToField(byte)
                        scan.state = .unquoted
                        index += 1
                    }
                }
            }
            return false
        }
    }

    /// Lines seen so far: after the last record, the file's line count.
    var linesRead: Int { line }
}
