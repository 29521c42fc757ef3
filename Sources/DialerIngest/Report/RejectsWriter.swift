import Foundation

/// Streams rejected rows to a CSV (`file,line,reason,detail,raw`) as they happen, never holding them.
///
/// Cells that a spreadsheet would run as a formula (starting with `=` `+` `-` `@`, TAB or CR) get a
/// leading `'`, so opening the rejects in Excel cannot execute anything.
final class RejectsWriter {
    let path: String
    private let output: OutputFile
    /// Rows of `raw` longer than this are cut (a reject list is for reading, not for replaying a blob).
    static let rawLimit = 2000

    init(path: String) throws(IngestError) {
        self.path = path
        output = try OutputFile(path: path)
        try output.write("file,line,reason,detail,raw\n")
    }

    func write(file: String, line: Int, reason: RejectReason, detail: String, raw: String) throws(IngestError) {
        let cells = [file, String(line), reason.rawValue, detail, String(raw.prefix(Self.rawLimit))]
        try output.write(cells.map(Self.cell).joined(separator: ",") + "\n")
    }

    func close() throws(IngestError) {
        try output.close()
    }

    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            text = "'" + text
        }
        if text.unicodeScalars.contains(where: { ",\"\n\r".unicodeScalars.contains($0) }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }
}
