/// A record's fields where they lie, without owning them: a record of a batch (`RowBatch`) or a `CSVRecord`.
/// Valid while its owner is neither changed nor released; what the normaliser and the rejects read.
struct RecordFields {
    /// Field contents, concatenated.
    let bytes: UnsafeBufferPointer<UInt8>
    /// End offset in `bytes` of each field.
    let ends: UnsafeBufferPointer<Int>
    /// 1-based physical line where the record starts.
    let line: Int

    var count: Int { ends.count }

    func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[range(index)])
    }

    /// The record written back as one CSV line (fields quoted where needed): the `raw` column of the rejects.
    func appendCSVText(delimiter: UInt8, to out: GrowingBytes) {
        for index in 0..<count {
            if index > 0 { out.append(delimiter) }
            CSVQuoting.append(field(index), delimiter: delimiter, to: out)
        }
    }
}

extension CSVRecord {
    /// Calls `body` with a view of the record.
    func withFields<Value, Failure: Error>(
        _ body: (RecordFields) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        let result: Result<Value, Failure> = bytes.withUnsafeBufferPointer { bytes in
            fieldEnds.withUnsafeBufferPointer { ends in
                Result { () throws(Failure) in try body(RecordFields(bytes: bytes, ends: ends, line: line)) }
            }
        }
        return try result.get()
    }
}
