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

    /// Where each record lies in `recordBytes` and `fieldEnds`.
    private struct Span {
        var byteStart: Int
        var byteCount: Int
        var endStart: Int
        var endCount: Int
        var line: Int
    }

    /// The records, back to back in one buffer rather than one buffer each: the normalising core then reads
    /// them in order (the prefetcher follows), and passing a record on costs no reference counting.
    private var recordBytes = GrowingBytes(capacity: 256 << 10)
    /// Field ends of every record, each relative to its record's start.
    private var fieldEnds: [Int] = []
    private var spans: [Span] = []
    /// The record the reader fills before it is copied in.
    private var record = CSVRecord()
    var checks: [RecordCheck] = []
    var count = 0
    /// The batch's place in the file (batches are normalised two at a time, handed on in order).
    var sequence = 0
    /// Which normaliser made `outcomes`: an accepted row's route is that normaliser's.
    var normalizer = 0
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
    /// A record buffer that grew past this (one huge row) is replaced when the batch is reused, so a hostile
    /// file cannot leave every batch holding megabytes.
    static let recordCapacityLimit = 64 << 10

    /// Fills the batch with up to `limit` records (fewer once they hold `byteBudget` bytes); false when the
    /// reader ended (the batch may still hold some).
    func fill(from reader: inout some RecordReader, limit: Int) throws(IngestError) -> Bool {
        count = 0
        if recordBytes.capacity > Self.byteBudget * 2 { recordBytes = GrowingBytes(capacity: 256 << 10) }
        if record.bytes.capacity > Self.recordCapacityLimit { record = CSVRecord() }
        // The loop works on locals (moved out and back): no reference counting or uniqueness check per record.
        let bytes = recordBytes
        bytes.removeAll()
        var fieldEnds = take(\.fieldEnds)
        var spans = take(\.spans)
        var checks = take(\.checks)
        var record = take(\.record, leaving: CSVRecord())
        defer {
            self.fieldEnds = fieldEnds
            self.spans = spans
            self.checks = checks
            self.record = record
        }
        while count < limit && bytes.count < Self.byteBudget {
            guard let check = try reader.next(into: &record) else { return false }
            checks.append(check)
            spans.append(
                Span(
                    byteStart: bytes.count, byteCount: record.bytes.count, endStart: fieldEnds.count,
                    endCount: record.fieldEnds.count, line: record.line))
            bytes.append(record.bytes)
            fieldEnds.append(contentsOf: record.fieldEnds)
            count += 1
        }
        return true
    }

    /// Moves an array out of the batch, emptied (capacity kept).
    private func take<Element>(_ property: ReferenceWritableKeyPath<RowBatch, [Element]>) -> [Element] {
        var taken = take(property, leaving: [])
        taken.removeAll(keepingCapacity: true)
        return taken
    }

    private func take<Value>(_ property: ReferenceWritableKeyPath<RowBatch, Value>, leaving empty: Value) -> Value {
        let value = self[keyPath: property]
        self[keyPath: property] = empty
        return value
    }

    /// Calls `body` with record `index` (valid inside `body` only).
    func withRecord<Value, Failure: Error>(
        _ index: Int, _ body: (RecordFields) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        let result: Result<Value, Failure> = fieldEnds.withUnsafeBufferPointer { ends in
            Result { () throws(Failure) in try body(fields(index, ends: ends)) }
        }
        return try result.get()
    }

    private func fields(_ index: Int, ends: UnsafeBufferPointer<Int>) -> RecordFields {
        let span = spans[index]
        return RecordFields(
            bytes: recordBytes[span.byteStart..<span.byteStart + span.byteCount],
            ends: UnsafeBufferPointer(rebasing: ends[span.endStart..<span.endStart + span.endCount]), line: span.line)
    }

    /// Normalises every record of the batch.
    func normalize(with normalizer: RowNormalizer) {
        outcomes.removeAll(keepingCapacity: true)
        lines.removeAll()
        keys.removeAll(keepingCapacity: true)
        let knownRoutes = normalizer.routes.count
        fieldEnds.withUnsafeBufferPointer { ends in
            for index in 0..<count {
                if case .reject(let reason, let detail) = checks[index] {
                    outcomes.append(.rejectedByReader(reason, detail))
                    continue
                }
                let start = lines.count
                switch normalizer.normalize(fields(index, ends: ends), into: lines) {
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
