/// One sheet of an .xlsx workbook as records with a header, streamed row by row from the sheet's XML.
///
/// Cells land in the column their reference names (`D7` → fourth field), missing cells are empty fields,
/// a record's `line` is its row number. Shared and inline strings are copied as they are, booleans become
/// `TRUE`/`FALSE`, numbers and dates are written as the sheet shows them (`CellNumber`).
struct SheetReader: RecordReader {
    let headers: [String]
    let headerLine: Int
    let delimiter: UInt8 = 0x2C
    var delimiterName: String? { nil }
    let compressed = false
    let encodingName = "utf-8"
    private(set) var blankRecords = 0
    var bytesFromDisk: Int64 { source.bytesFromDisk }
    let fileSize: Int64
    var sheetName: String? { workbook.sheetName }

    private let workbook: WorkbookFile
    private let sha256: String
    private var scanner: XMLScanner
    private let source: ZipEntrySource
    private var row = SheetRow()
    private var lastRow = 0
    private var lastEmitted: Int
    private var numberColumns: [Int] = []
    private var finished = false

    init(path: String, config: IngestConfig) throws(IngestError) {
        // Hash (and size) the file first: the ledger knows files by content, whichever way they are read.
        let file = try FileByteSource(path: path)
        var block: [UInt8] = []
        while try file.read(into: &block) {}
        sha256 = file.sha256Hex()
        fileSize = file.size
        workbook = try WorkbookFile(path: path, sheet: config.input.sheet, config: config)
        (scanner, source) = try workbook.sheetScanner()
        lastEmitted = 0
        guard try Self.nextRow(&scanner, &row, &lastRow, workbook: workbook) else {
            throw IngestError(
                .emptyFile, "the sheet '\(workbook.sheetName)' is empty: no header row", file: path)
        }
        var record = CSVRecord()
        row.fill(&record, width: 0)
        headers = (0..<record.count).map { record.string($0) }
        headerLine = row.number
        lastEmitted = row.number
    }

    mutating func watchNumberColumns(_ columns: [Int]) {
        numberColumns = columns
    }

    mutating func next(into record: inout CSVRecord) throws(IngestError) -> RecordCheck? {
        guard !finished, try Self.nextRow(&scanner, &row, &lastRow, workbook: workbook) else {
            finished = true
            return nil
        }
        // Rows in between (absent or all empty) are what a CSV export writes as `,,,`: blank rows.
        blankRecords += row.number - lastEmitted - 1
        lastEmitted = row.number
        row.fill(&record, width: headers.count)
        if let column = row.lostDigits.first(where: numberColumns.contains) {
            let name = column < headers.count ? headers[column] : "#\(column + 1)"
            return .reject(
                .invalidNumber,
                "\(name) is a number of more than \(CellNumber.excelDigits) digits (\(record.string(column))): "
                    + "Excel keeps \(CellNumber.excelDigits), the rest are lost; store phone numbers as text")
        }
        return .ok
    }

    func sha256Hex() -> String { sha256 }

    /// Reads up to the next row with a non-blank cell; false at the end of the sheet (the part read to its end).
    private static func nextRow(
        _ scanner: inout XMLScanner, _ row: inout SheetRow, _ lastRow: inout Int, workbook: WorkbookFile
    ) throws(IngestError) -> Bool {
        var cell = SheetCell()
        var capturing = false
        var phonetic = 0
        var inRow = false
        while true {
            switch try scanner.next() {
            case .open:
                switch Tag(scanner.bytes(scanner.name)) {
                case .cell where inRow:
                    try cell.start(scanner, after: row.lastColumn)
                    if scanner.selfClosing { row.lastColumn = cell.column }
                case .value,
                    .text where phonetic == 0:
                    capturing = inRow && !scanner.selfClosing
                case .phonetic:
                    if !scanner.selfClosing { phonetic += 1 }
                case .row:
                    let number = try scanner.attribute("r").flatMap { SheetCell.integer(scanner.bytes($0)) }
                    guard let number = number ?? Optional(lastRow + 1), number > lastRow else {
                        throw scanner.malformed("rows out of order after row \(lastRow)")
                    }
                    row.reset(number)
                    lastRow = number
                    inRow = !scanner.selfClosing
                default:
                    break
                }
            case .close:
                switch Tag(scanner.bytes(scanner.name)) {
                case .cell where inRow:
                    if let problem = row.append(cell, workbook: workbook) { throw scanner.malformed(problem) }
                case .value, .text:
                    capturing = false
                case .phonetic:
                    phonetic -= 1
                case .row:
                    inRow = false
                    if !row.isBlank { return true }
                default:
                    break
                }
            case .text:
                if capturing { cell.value.append(contentsOf: scanner.text) }
            case .end:
                return false
            }
        }
    }

    /// The sheet elements the reader acts on, told apart by length and bytes (one check per tag).
    private enum Tag {
        case cell, value, text, row, phonetic, other

        init(_ name: ArraySlice<UInt8>) {
            switch (name.count, name.first) {
            case (1, 0x63): self = .cell  // c
            case (1, 0x76): self = .value  // v
            case (1, 0x74): self = .text  // t
            case (3, 0x72) where name.last == 0x77: self = .row  // row
            case (3, 0x72) where XMLScanner.equal(name, "rPh"): self = .phonetic
            default: self = .other
            }
        }
    }
}
