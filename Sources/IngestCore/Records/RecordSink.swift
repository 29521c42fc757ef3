/// Where the tokenizer writes records: the unescaped bytes of each field and where each field ends.
///
/// A `CSVRecord` holds one record at a time (headers, tests, the starter config); a batch's `RecordStore`
/// keeps the records of a whole batch back to back, so the hot path writes each record once, where the
/// normaliser will read it.
protocol RecordSink: ~Copyable {
    /// The 1-based line the record being written starts on.
    var recordLine: Int { get set }
    /// Bytes of the record being written, so far.
    var recordByteCount: Int { get }
    /// Fields of the record being written, so far.
    var recordFieldCount: Int { get }
    mutating func appendToField(_ bytes: UnsafeBufferPointer<UInt8>)
    mutating func appendToField(_ byte: UInt8)
    /// Ends the current field (an empty one when nothing was appended).
    mutating func endField()
    /// Drops what was written of the record being written.
    mutating func discardRecord()
    /// Calls `body` with the fields of the record being written.
    func withRecordFields<Value>(_ body: (RecordFields) -> Value) -> Value
    /// Replaces the record being written with `bytes` and `ends` (a transcoded record); may swap storage
    /// with them, so their contents are unspecified afterwards.
    mutating func replaceRecord(bytes: inout [UInt8], ends: inout [Int])
}

extension RecordSink where Self: ~Copyable {
    /// True when every field of the record is empty (an Excel row of `;;;;`, a blank line).
    var recordIsBlank: Bool {
        withRecordFields { $0.bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
    }
}

extension CSVRecord: RecordSink {
    var recordLine: Int {
        get { line }
        set { line = newValue }
    }
    var recordByteCount: Int { bytes.count }
    var recordFieldCount: Int { fieldEnds.count }

    mutating func appendToField(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes.append(contentsOf: bytes)
    }

    mutating func appendToField(_ byte: UInt8) {
        bytes.append(byte)
    }

    mutating func endField() {
        fieldEnds.append(bytes.count)
    }

    mutating func discardRecord() {
        reset()
    }

    func withRecordFields<Value>(_ body: (RecordFields) -> Value) -> Value {
        withFields(body)
    }

    mutating func replaceRecord(bytes: inout [UInt8], ends: inout [Int]) {
        swap(&self.bytes, &bytes)
        swap(&fieldEnds, &ends)
    }
}
