/// A CSV table as a `RecordReader`.
struct CSVRecordReader: RecordReader {
    let input: OpenedInput
    var table: TableReader

    init(_ input: OpenedInput, config: IngestConfig) throws(IngestError) {
        self.input = input
        table = try TableReader(input, config: config)
    }

    var headers: [String] { table.headers }
    var headerLine: Int { table.headerLine }
    var delimiter: UInt8 { table.delimiter }
    var delimiterName: String? { DelimiterSniffer.name(of: table.delimiter) }
    var compressed: Bool { input.compressed }
    var encodingName: String { table.decoder.encoding.rawValue }
    var blankRecords: Int { table.tokenizer.blankRecords }
    var bytesFromDisk: Int64 { input.text.bytesFromDisk }
    var fileSize: Int64 { input.file.size }

    mutating func next(into record: inout CSVRecord) throws(IngestError) -> RecordCheck? {
        try read(into: &record)
    }

    /// The tokenizer writes the record straight into the batch's buffer.
    mutating func next(into store: inout RecordStore) throws(IngestError) -> RecordCheck? {
        try read(into: &store)
    }

    private mutating func read(into record: inout some RecordSink & ~Copyable) throws(IngestError) -> RecordCheck? {
        guard let decoded = try table.next(into: &record) else { return nil }
        return decoded ? .ok : .reject(.invalidEncoding, "not valid \(table.decoder.encoding.rawValue) text")
    }

    func sha256Hex() -> String { input.file.sha256Hex() }
}
