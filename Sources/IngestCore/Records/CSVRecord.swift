/// One CSV record: the unescaped bytes of its fields, back to back, reused from row to row.
struct CSVRecord {
    /// Field contents, unescaped (quotes removed, doubled quotes single), concatenated.
    var bytes: [UInt8] = []
    /// End offset in `bytes` of each field.
    var fieldEnds: [Int] = []
    /// 1-based physical line where the record starts (a quoted line break makes a record span lines).
    var line = 0

    var count: Int { fieldEnds.count }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
    }

    func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : fieldEnds[index - 1])..<fieldEnds[index]
    }

    /// The field as a String (invalid UTF-8 repaired); for headers and messages, not the hot path.
    func string(_ index: Int) -> String {
        String(decoding: bytes[range(index)], as: UTF8.self)
    }

    /// The record written back as one CSV line (fields quoted where needed): the `raw` column of the rejects.
    func csvText(delimiter: UInt8) -> String {
        let out = GrowingBytes(capacity: bytes.count + count * 3)
        withFields { $0.appendCSVText(delimiter: delimiter, to: out) }
        return String(decoding: out[0..<out.count], as: UTF8.self)
    }
}
