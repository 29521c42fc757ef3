/// A run of consecutive records of one file on their way through the stages: read and decoded by the reading
/// thread, normalised by the normalising thread, then deduplicated, spooled and reported in file order by the
/// caller. Its buffers are reused batch after batch.
final class RowBatch {
    /// What the normalising stage made of a record.
    enum Outcome {
        /// The reader already knew (bytes not valid in the file's encoding, a number Excel damaged…).
        case rejectedByReader(RejectReason, String)
        case rejected(Reject)
        /// The line is `lines[lineRange]`.
        case accepted(RowNormalizer.Accepted, lineRange: Range<Int>)
    }

    /// The records as read.
    private var records = RecordStore()
    /// Records in the batch.
    var count: Int { records.count }
    /// The batch's place in the file (batches are normalised two at a time, handed on in order).
    var sequence = 0
    /// Which normaliser made `outcomes`: an accepted row's route is that normaliser's.
    var normalizer = 0
    /// Bytes read from disk when the batch was filled (for the progress line).
    var bytesFromDisk: Int64 = 0
    var outcomes: [Outcome] = []
    /// The accepted lines, back to back.
    let lines = GrowingBytes(capacity: 256 << 10)
    /// The number keys of the accepted rows, in order (the duplicate check prefetches its lookups with them).
    var keys: [UInt64] = []
    /// Routes the normaliser first saw in this batch (they follow those of earlier batches).
    var newRoutes: [RowNormalizer.Route] = []

    /// Bytes of records a batch takes before it is handed on: with at most a few batches in flight, memory
    /// stays bounded even when every record is near `limits.max_record_bytes`.
    static let byteBudget = 4 << 20

    /// Fills the batch with up to `limit` records (fewer once they hold `byteBudget` bytes); false when the
    /// reader ended (the batch may still hold some).
    func fill(from reader: inout some RecordReader, limit: Int) throws(IngestError) -> Bool {
        if records.bytes.capacity > Self.byteBudget * 2 { records = RecordStore() }
        records.removeAll()
        return try Self.fill(&records, from: &reader, limit: limit)
    }

    /// The loop works on the store passed inout: no access to the batch per record.
    private static func fill(
        _ records: inout RecordStore, from reader: inout some RecordReader, limit: Int
    ) throws(IngestError) -> Bool {
        while records.count < limit && records.bytes.count < byteBudget {
            guard let check = try reader.next(into: &records) else { return false }
            records.commitRecord(check)
        }
        return true
    }

    /// Calls `body` with record `index` (valid inside `body` only).
    func withRecord<Value, Failure: Error>(
        _ index: Int, _ body: (RecordFields) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        try records.withRecord(index, body)
    }

    /// The line record `index` starts on.
    func line(_ index: Int) -> Int { records.line(index) }

    /// Normalises every record of the batch.
    func normalize(with normalizer: RowNormalizer) {
        outcomes.removeAll(keepingCapacity: true)
        lines.removeAll()
        keys.removeAll(keepingCapacity: true)
        let knownRoutes = normalizer.routes.count
        records.withEnds { ends in
            for index in 0..<count {
                if case .reject(let reason, let detail) = records.checks[index] {
                    outcomes.append(.rejectedByReader(reason, detail))
                    continue
                }
                let start = lines.count
                switch normalizer.normalize(records.fields(index, ends: ends), into: lines) {
                case .failure(let problem):
                    outcomes.append(.rejected(problem))
                case .success(let accepted):
                    outcomes.append(.accepted(accepted, lineRange: start..<lines.count))
                    keys.append(accepted.numberKey)
                }
            }
        }
        newRoutes.removeAll(keepingCapacity: true)
        if normalizer.routes.count > knownRoutes { newRoutes.append(contentsOf: normalizer.routes[knownRoutes...]) }
    }
}
