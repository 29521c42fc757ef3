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

    var records: [CSVRecord] = []
    var checks: [RecordCheck] = []
    var count = 0
    /// Bytes read from disk when the batch was filled (for the progress line).
    var bytesFromDisk: Int64 = 0
    var outcomes: [Outcome] = []
    /// The accepted lines, back to back.
    let lines = GrowingBytes(capacity: 256 << 10)
    /// The number keys of the accepted rows, in order (the duplicate check warms its table with them).
    var keys: [UInt64] = []
    /// Routes the normaliser first saw in this batch (they follow those of earlier batches).
    var newRoutes: [RowNormalizer.Route] = []

    /// Bytes of records a batch takes before it is handed on: with at most a few batches in flight, memory
    /// stays bounded even when every record is near `limits.max_record_bytes`.
    static let byteBudget = 4 << 20
    /// A record slot whose buffer grew past this (one huge row) gets a fresh buffer when reused, so a
    /// hostile file cannot leave every slot holding a megabyte.
    static let slotCapacityLimit = 64 << 10

    /// Fills the batch with up to `limit` records (fewer once they hold `byteBudget` bytes); false when the
    /// reader ended (the batch may still hold some).
    func fill(from reader: inout some RecordReader, limit: Int) throws(IngestError) -> Bool {
        count = 0
        var bytes = 0
        while count < limit && bytes < Self.byteBudget {
            if records.count == count {
                records.append(CSVRecord())
                checks.append(.ok)
            } else if records[count].bytes.capacity > Self.slotCapacityLimit {
                records[count] = CSVRecord()
            }
            guard let check = try reader.next(into: &records[count]) else { return false }
            checks[count] = check
            bytes += records[count].bytes.count
            count += 1
        }
        return true
    }

    /// Normalises every record of the batch.
    func normalize(with normalizer: RowNormalizer) {
        outcomes.removeAll(keepingCapacity: true)
        lines.removeAll()
        keys.removeAll(keepingCapacity: true)
        let knownRoutes = normalizer.routes.count
        for index in 0..<count {
            if case .reject(let reason, let detail) = checks[index] {
                outcomes.append(.rejectedByReader(reason, detail))
                continue
            }
            let start = lines.count
            switch normalizer.normalize(records[index], into: lines) {
            case .failure(let problem):
                outcomes.append(.rejected(problem))
            case .success(let accepted):
                outcomes.append(.accepted(accepted, lineRange: start..<lines.count))
                keys.append(accepted.numberKey)
            }
        }
        newRoutes.removeAll(keepingCapacity: true)
        if normalizer.routes.count > knownRoutes { newRoutes.append(contentsOf: normalizer.routes[knownRoutes...]) }
    }
}
