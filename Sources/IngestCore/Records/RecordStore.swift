/// The records of a batch, back to back in one buffer: the tokenizer writes each record here directly (a
/// `RecordSink`), the normaliser and the rejects read them in place (`RecordFields`). One buffer rather than
/// one per record: the normalising core reads them in order (the prefetcher follows) and passing a record on
/// costs no reference counting.
///
/// The record being written is uncommitted until `commitRecord(_:)`: a blank row or a transcoded one is
/// dropped or replaced without touching the records before it.
///
/// Its bytes and field ends are pointer-backed buffers (objects) that a copy would share, so the store is
/// `~Copyable`: it stays in its batch and is passed `inout`.
struct RecordStore: RecordSink, ~Copyable {
    /// Where a committed record lies in `bytes` and `fieldEnds`.
    private struct Span {
        var byteStart: Int
        var byteCount: Int
        var endStart: Int
        var endCount: Int
        var line: Int
    }

    private(set) var bytes = GrowingBytes(capacity: 256 << 10)
    /// Field ends of every record, each relative to its record's start.
    private let fieldEnds = GrowingInts(capacity: 16 << 10)
    private var spans: [Span] = []
    /// What the reader knew of each committed record.
    private(set) var checks: [RecordCheck] = []
    /// Where the record being written starts.
    private var recordStart = 0
    private var endsStart = 0
    var recordLine = 0
    /// The record a reader that cannot write here (a sheet) fills before it is copied in.
    private var scratch = CSVRecord()

    /// A record buffer that grew past this (one huge row) is dropped once used, so a hostile file cannot
    /// leave every batch holding megabytes.
    static let scratchCapacityLimit = 64 << 10

    /// Committed records.
    var count: Int { spans.count }

    /// Empties the store (capacity kept).
    mutating func removeAll() {
        bytes.removeAll()
        fieldEnds.removeAll()
        spans.removeAll(keepingCapacity: true)
        checks.removeAll(keepingCapacity: true)
        recordStart = 0
        endsStart = 0
    }

    /// Keeps the record written so far as record `count - 1`, with what the reader knew of it.
    mutating func commitRecord(_ check: RecordCheck) {
        spans.append(
            Span(
                byteStart: recordStart, byteCount: bytes.count - recordStart, endStart: endsStart,
                endCount: fieldEnds.count - endsStart, line: recordLine))
        checks.append(check)
        recordStart = bytes.count
        endsStart = fieldEnds.count
    }

    /// The line committed record `index` starts on.
    func line(_ index: Int) -> Int { spans[index].line }

    /// Calls `body` with the field ends of every record, to read records with `fields(_:ends:)`.
    func withEnds<Value>(_ body: (UnsafeBufferPointer<Int>) -> Value) -> Value {
        body(fieldEnds.buffer)
    }

    /// Committed record `index`; `ends` from `withEnds`.
    func fields(_ index: Int, ends: UnsafeBufferPointer<Int>) -> RecordFields {
        let span = spans[index]
        return RecordFields(
            bytes: bytes[span.byteStart..<span.byteStart + span.byteCount],
            ends: UnsafeBufferPointer(rebasing: ends[span.endStart..<span.endStart + span.endCount]), line: span.line)
    }

    /// Calls `body` with committed record `index` (valid inside `body` only).
    func withRecord<Value, Failure: Error>(
        _ index: Int, _ body: (RecordFields) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        try body(fields(index, ends: fieldEnds.buffer))
    }

    // MARK: The record being written

    var recordByteCount: Int { bytes.count - recordStart }
    var recordFieldCount: Int { fieldEnds.count - endsStart }

    @inline(__always)
    mutating func appendToField(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes.append(bytes)
    }

    @inline(__always)
    mutating func appendToField(_ byte: UInt8) {
        bytes.append(byte)
    }

    @inline(__always)
    mutating func endField() {
        fieldEnds.append(bytes.count - recordStart)
    }

    mutating func discardRecord() {
        bytes.truncate(to: recordStart)
        if fieldEnds.count > endsStart { fieldEnds.truncate(to: endsStart) }
    }

    func withRecordFields<Value>(_ body: (RecordFields) -> Value) -> Value {
        body(
            RecordFields(
                bytes: bytes[recordStart..<bytes.count],
                ends: UnsafeBufferPointer(rebasing: fieldEnds.buffer[endsStart...]), line: recordLine))
    }

    mutating func replaceRecord(bytes: inout [UInt8], ends: inout [Int]) {
        discardRecord()
        self.bytes.append(bytes)
        fieldEnds.append(contentsOf: ends)
    }

    /// Writes `record` as the record being written.
    mutating func write(_ record: CSVRecord) {
        discardRecord()
        bytes.append(record.bytes)
        fieldEnds.append(contentsOf: record.fieldEnds)
        recordLine = record.line
    }

    /// The scratch record, moved out (so a reader can fill it while the store is borrowed); give it back with
    /// `returnScratch(_:)`.
    mutating func takeScratch() -> CSVRecord {
        defer { scratch = CSVRecord() }
        return scratch
    }

    mutating func returnScratch(_ record: CSVRecord) {
        if record.bytes.capacity <= Self.scratchCapacityLimit { scratch = record }
    }
}
