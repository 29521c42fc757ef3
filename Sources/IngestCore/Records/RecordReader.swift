/// Records with a header, from a CSV table or a workbook sheet: what `FilePreparer` reads a file through.
protocol RecordReader {
    var headers: [String] { get }
    /// The line (CSV) or row (sheet) the header is on.
    var headerLine: Int { get }
    /// The delimiter the rejects' `raw` column writes a record back with.
    var delimiter: UInt8 { get }
    /// The report's `delimiter` (nil for a workbook, which has none).
    var delimiterName: String? { get }
    var compressed: Bool { get }
    /// The report's `encoding`.
    var encodingName: String { get }
    /// Rows of empty cells skipped so far (the report's `rows_blank`).
    var blankRecords: Int { get }
    /// Bytes of the file read so far, and its size: the progress line.
    var bytesFromDisk: Int64 { get }
    var fileSize: Int64 { get }
    /// The sheet read, for a workbook.
    var sheetName: String? { get }

    /// Columns that hold phone numbers: a reader may reject a row whose number it knows is damaged.
    mutating func watchNumberColumns(_ columns: [Int])

    /// The next data record (its `line` set), nil at the end.
    /// - Returns: `.ok`, or why the record must be rejected before it is normalized.
    mutating func next(into record: inout CSVRecord) throws(IngestError) -> RecordCheck?

    /// Writes the next data record to `store` (uncommitted: the caller commits it with the check returned);
    /// nil at the end. By default through `next(into:)` and a copy.
    mutating func next(into store: inout RecordStore) throws(IngestError) -> RecordCheck?

    /// Hex SHA-256 of the whole file; call once the records are read.
    func sha256Hex() -> String
}

/// What a reader already knows about a record.
enum RecordCheck {
    case ok
    case reject(RejectReason, String)
}

extension RecordReader {
    var sheetName: String? { nil }
    mutating func watchNumberColumns(_ columns: [Int]) {}

    mutating func next(into store: inout RecordStore) throws(IngestError) -> RecordCheck? {
        var record = store.takeScratch()
        defer { store.returnScratch(record) }
        guard let check = try next(into: &record) else { return nil }
        store.write(record)
        return check
    }
}

/// Opens a lead file as records: a workbook (zip or OLE magic) through `SheetReader`, anything else as a
/// CSV table through `InputOpener`.
enum RecordReaders {
    static func open(path: String, config: IngestConfig) throws(IngestError) -> any RecordReader {
        if try WorkbookFile.looksLikeWorkbook(path: path) {
            return try SheetReader(path: path, config: config)
        }
        return try CSVRecordReader(InputOpener.open(path: path, config: config), config: config)
    }
}
