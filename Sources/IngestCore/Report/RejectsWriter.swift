/// Streams rejected rows to a CSV (`file,line,reason,detail,raw`) as they happen, never holding them.
///
/// Cells that a spreadsheet would run as a formula (starting with `=` `+` `-` `@`, TAB or CR) get a
/// leading `'`, so opening the rejects in Excel cannot execute anything. Rows are built as bytes in one
/// reused buffer: a file with many rejects must not slow the run down.
package final class RejectsWriter {
    let path: String
    private let output: OutputFile
    /// `raw` is cut to this many bytes (at a character boundary): a reject list is for reading, not replaying.
    static let rawLimit = 2000
    private let row = GrowingBytes(capacity: 4 << 10)
    private let raw = GrowingBytes(capacity: 4 << 10)
    private var lastFile: (name: String, cell: [UInt8])?

    package init(path: String) throws(IngestError) {
        self.path = path
        output = try OutputFile(path: path)
        try output.write(Array("file,line,reason,detail,raw\n".utf8))
    }

    /// One reject whose `raw` is a record re-serialised as CSV (fields quoted where needed).
    func write(
        file: String, line: Int, reason: RejectReason, detail: String, record: RecordFields, delimiter: UInt8
    ) throws(IngestError) {
        raw.removeAll()
        record.appendCSVText(delimiter: delimiter, to: raw)
        if UTF8Validator.check(raw[0..<raw.count]) == .invalid {
            // An `invalid-encoding` row: the rejects CSV stays valid UTF-8 (bad bytes become U+FFFD).
            let repaired = Array(String(decoding: raw[0..<raw.count], as: UTF8.self).utf8)
            raw.removeAll()
            raw.append(repaired)
        }
        try writeRow(file: file, line: line, reason: reason, detail: detail)
    }

    /// One reject whose `raw` is given as text.
    func write(file: String, line: Int, reason: RejectReason, detail: String, raw text: String) throws(IngestError) {
        raw.removeAll()
        var text = text
        text.withUTF8 { raw.append($0) }
        try writeRow(file: file, line: line, reason: reason, detail: detail)
    }

    /// Starts writing the rejects so far to disk without waiting (see `OutputFile.flushAndStartWriteback`).
    func startWriteback() throws(IngestError) {
        try output.flushAndStartWriteback()
    }

    package func close() throws(IngestError) {
        try output.close()
    }

    private func writeRow(file: String, line: Int, reason: RejectReason, detail: String) throws(IngestError) {
        if lastFile?.name != file {
            let cell = GrowingBytes(capacity: file.utf8.count + 8)
            var name = file
            name.withUTF8 { Self.appendCell($0, to: cell) }
            lastFile = (file, cell.array)
        }
        row.removeAll()
        lastFile?.cell.withUnsafeBufferPointer { row.append($0) }
        row.append(0x2C)
        row.appendDecimal(line)
        row.append(0x2C)
        var reasonText = reason.rawValue
        reasonText.withUTF8 { row.append($0) }
        row.append(0x2C)
        var detail = detail
        detail.withUTF8 { Self.appendCell($0, to: row) }
        row.append(0x2C)
        Self.appendCell(raw[0..<Self.cutPoint(raw[0..<raw.count], limit: Self.rawLimit)], to: row)
        row.append(0x0A)
        try output.write(row[0..<row.count])
    }

    /// The end of the first `limit` bytes of UTF-8 `bytes`, moved back so no character is cut in half.
    static func cutPoint(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> Int {
        guard bytes.count > limit else { return bytes.count }
        var end = limit
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return end
    }

    /// A cell as the rejects CSV holds it: formula starts defused, quoted when it holds `,` `"` CR or LF.
    static func cell(_ value: String) -> String {
        let out = GrowingBytes(capacity: value.utf8.count + 8)
        var value = value
        value.withUTF8 { appendCell($0, to: out) }
        return String(decoding: out[0..<out.count], as: UTF8.self)
    }

    static func appendCell(_ value: UnsafeBufferPointer<UInt8>, to out: GrowingBytes) {
        let defuse =
            switch value.first {
            case 0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D: true
            default: false
            }
        guard defuse else {
            CSVQuoting.append(value, delimiter: 0x2C, to: out)
            return
        }
        // The defusing `'` goes inside the quotes when there are any.
        let quoted = CSVQuoting.needsQuotes(value, delimiter: 0x2C)
        if quoted { out.append(CSVQuoting.quote) }
        out.append(0x27)
        if quoted {
            CSVQuoting.appendDoublingQuotes(value, to: out)
            out.append(CSVQuoting.quote)
        } else {
            out.append(value)
        }
    }
}
