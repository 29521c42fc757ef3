/// A cell being read: where it goes, its type and style, and the text of its `<v>` or `<is><t>`.
struct SheetCell {
    enum Kind {
        case number, sharedString, inlineString, formulaString, boolean, error, isoDate
    }

    var column = 0
    var kind = Kind.number
    var style = 0
    var value: [UInt8] = []

    /// Takes the cell's reference (`D7`), type and style from its start tag.
    mutating func start(_ scanner: XMLScanner, after previous: Int) throws(IngestError) {
        value.removeAll(keepingCapacity: true)
        var reference: Range<Int>?
        var type: Range<Int>?
        var styleValue: Range<Int>?
        try scanner.forEachAttribute { name, value in
            guard name.count == 1 else { return }
            switch name.first {
            case 0x72: reference = value  // r
            case 0x74: type = value  // t
            case 0x73: styleValue = value  // s
            default: break
            }
        }
        if let reference {
            var letters = 0
            for byte in scanner.bytes(reference) {
                guard byte >= 0x41 && byte <= 0x5A else { break }
                letters = letters * 26 + Int(byte - 0x40)
                if letters > 16_384 { throw scanner.malformed("a cell reference past column XFD") }
            }
            guard letters > 0 else { throw scanner.malformed("a cell without a column in its reference") }
            column = letters - 1
        } else {
            column = previous + 1
        }
        style = styleValue.flatMap { Self.integer(scanner.bytes($0)) } ?? 0
        kind = .number
        if let type {
            let bytes = scanner.bytes(type)
            if XMLScanner.equal(bytes, "s") {
                kind = .sharedString
            } else if XMLScanner.equal(bytes, "inlineStr") {
                kind = .inlineString
            } else if XMLScanner.equal(bytes, "str") {
                kind = .formulaString
            } else if XMLScanner.equal(bytes, "b") {
                kind = .boolean
            } else if XMLScanner.equal(bytes, "e") {
                kind = .error
            } else if XMLScanner.equal(bytes, "d") {
                kind = .isoDate
            }
        }
    }

    static func integer(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count < 10 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}

/// The cells of one sheet row, their text back to back, before they are laid out as fields.
struct SheetRow {
    private(set) var number = 0
    var lastColumn = -1
    private var bytes: [UInt8] = []
    private var columns: [Int] = []
    private var ends: [Int] = []
    /// Columns whose number has more digits than Excel keeps.
    private(set) var lostDigits: [Int] = []

    mutating func reset(_ number: Int) {
        self.number = number
        lastColumn = -1
        bytes.removeAll(keepingCapacity: true)
        columns.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        lostDigits.removeAll(keepingCapacity: true)
    }

    /// True when no cell holds anything but spaces (as a CSV row of empty fields).
    var isBlank: Bool { bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 } }

    /// Adds `cell`'s text. - Returns: what is wrong with the sheet, if anything (for a malformed-XML error).
    mutating func append(_ cell: SheetCell, workbook: WorkbookFile) -> String? {
        guard cell.column > lastColumn else { return "cells out of order in row \(number)" }
        lastColumn = cell.column
        let start = bytes.count
        switch cell.kind {
        case .sharedString:
            guard let index = SheetCell.integer(cell.value[...]), index < workbook.strings.count else {
                return "row \(number) points to a shared string that does not exist"
            }
            bytes.append(contentsOf: workbook.strings[index])
        case .inlineString, .formulaString, .error, .isoDate:
            bytes.append(contentsOf: cell.value)
        case .boolean:
            if !cell.value.isEmpty { bytes.append(contentsOf: (cell.value == [0x31] ? "TRUE" : "FALSE").utf8) }
        case .number:
            if !cell.value.isEmpty {
                let style = workbook.formats.style(cell.style)
                if !CellNumber.append(cell.value[...], style: style, date1904: workbook.date1904, to: &bytes) {
                    lostDigits.append(cell.column)
                }
            }
        }
        guard bytes.count > start else { return nil }
        columns.append(cell.column)
        ends.append(bytes.count)
        return nil
    }

    /// Lays the row out as fields: one per column up to the last cell with content, at least `width`.
    func fill(_ record: inout CSVRecord, width: Int) {
        record.reset()
        record.line = number
        let count = max(width, (columns.last ?? -1) + 1)
        var next = 0
        for column in 0..<count {
            if next < columns.count && columns[next] == column {
                record.bytes.append(contentsOf: bytes[(next == 0 ? 0 : ends[next - 1])..<ends[next]])
                next += 1
            }
            record.fieldEnds.append(record.bytes.count)
        }
    }
}
