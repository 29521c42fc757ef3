import Foundation

/// The deferred rows of one file, in ordinal order, as the rejects CSV would show them (`line`, campaign id,
/// the record re-serialised and cut like `RejectsWriter` does), so a row found to be a duplicate at the end
/// of the file can still be rejected with its text.
final class RawSpool {
    private let file: SpillFile
    private var scratch: [UInt8] = []
    private(set) var count = 0

    init(path: String) throws(IngestError) {
        file = try SpillFile(path: path, bufferSize: 64 << 10)
    }

    func append(line: Int, campaign: UInt32, record: CSVRecord, delimiter: UInt8) throws(IngestError) {
        scratch.removeAll(keepingCapacity: true)
        RejectsWriter.appendRaw(of: record, delimiter: delimiter, to: &scratch)
        try file.append(UInt64(line))
        try file.append(campaign)
        try file.append(UInt32(scratch.count))
        try file.append(scratch[...])
        count += 1
    }

    /// Calls `body(ordinal, line, campaign, raw)` for each row whose ordinal `wanted` accepts, in order.
    func forEach(
        where wanted: (Int) -> Bool, _ body: (Int, Int, UInt32, [UInt8]) throws(IngestError) -> Void
    ) throws(IngestError) {
        try file.flush()
        let reader = try SpillReader(path: file.path, to: file.length)
        var raw: [UInt8] = []
        for ordinal in 0..<count {
            guard let line = try reader.nextUInt64(), let campaign = try reader.nextUInt32(),
                let length = try reader.nextUInt32()
            else { throw IngestError(.outputFailed, "the raw spool ended early", file: file.path) }
            if wanted(ordinal) {
                guard try reader.next(Int(length), into: &raw) else {
                    throw IngestError(.outputFailed, "the raw spool ended early", file: file.path)
                }
                try body(ordinal, Int(line), campaign, raw)
            } else if try !reader.skip(Int(length)) {
                throw IngestError(.outputFailed, "the raw spool ended early", file: file.path)
            }
        }
    }

    func remove() {
        try? file.finish()
        try? FileManager.default.removeItem(atPath: file.path)
    }
}
