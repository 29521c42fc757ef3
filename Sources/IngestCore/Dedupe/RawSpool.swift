import Foundation

/// The deferred rows of one file, in ordinal order: line, campaign id and the record's fields, so a row found
/// to be a duplicate at the end of the file can still be rejected with its text. Records are stored as the
/// tokenizer left them (no re-serialising per row: only the few duplicates are written out as CSV), cut past
/// `keptBytes`, which is beyond what the rejects CSV shows (`RejectsWriter.rawLimit`).
final class RawSpool {
    static let keptBytes = 4096
    private let file: SpillFile
    private let scratch = GrowingBytes(capacity: 4096)
    private(set) var count = 0

    init(path: String) throws(IngestError) {
        file = try SpillFile(path: path, bufferSize: 64 << 10)
    }

    func append(line: Int, campaign: UInt32, record: RecordFields) throws(IngestError) {
        let kept = min(record.bytes.count, Self.keptBytes)
        var fields = record.count
        if kept < record.bytes.count {
            fields = (record.ends.firstIndex { $0 >= kept } ?? fields - 1) + 1
        }
        scratch.removeAll()
        Self.put(UInt64(line), into: scratch)
        Self.put(UInt64(campaign) << 32 | UInt64(fields), into: scratch)
        Self.put(UInt64(kept), into: scratch)
        for index in 0..<fields { Self.put(UInt32(min(record.ends[index], kept)), into: scratch) }
        scratch.append(UnsafeBufferPointer(rebasing: record.bytes[..<kept]))
        try file.append(scratch[0..<scratch.count])
        count += 1
    }

    private static func put(_ value: UInt64, into out: GrowingBytes) {
        UnsafeMutableRawPointer(out.reserve(8)).storeBytes(of: value.littleEndian, as: UInt64.self)
        out.commit(8)
    }

    private static func put(_ value: UInt32, into out: GrowingBytes) {
        UnsafeMutableRawPointer(out.reserve(4)).storeBytes(of: value.littleEndian, as: UInt32.self)
        out.commit(4)
    }

    /// Calls `body(campaign, record)` for each row whose ordinal `wanted` accepts, in order.
    func forEach(
        where wanted: (Int) -> Bool, _ body: (UInt32, CSVRecord) throws(IngestError) -> Void
    ) throws(IngestError) {
        try file.flush()
        let reader = try SpillReader(path: file.path, to: file.length)
        var record = CSVRecord()
        for ordinal in 0..<count {
            guard let line = try reader.nextUInt64(), let tag = try reader.nextUInt64(),
                let length = try reader.nextUInt64()
            else { throw Self.truncated(file.path) }
            let fields = Int(tag & 0xFFFF_FFFF)
            guard wanted(ordinal) else {
                guard try reader.skip(fields * 4 + Int(length)) else { throw Self.truncated(file.path) }
                continue
            }
            record.reset()
            for _ in 0..<fields {
                guard let end = try reader.nextUInt32() else { throw Self.truncated(file.path) }
                record.fieldEnds.append(Int(end))
            }
            guard try reader.next(Int(length), into: &record.bytes) else { throw Self.truncated(file.path) }
            record.line = Int(line)
            try body(UInt32(truncatingIfNeeded: tag >> 32), record)
        }
    }

    private static func truncated(_ path: String) -> IngestError {
        IngestError(.outputFailed, "the raw spool ended early", file: path)
    }

    func remove() {
        try? file.finish()
        try? FileManager.default.removeItem(atPath: file.path)
    }
}
