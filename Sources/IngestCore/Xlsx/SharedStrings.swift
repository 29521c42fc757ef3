/// The workbook's shared string table, held compactly: all strings' UTF-8 back to back plus end offsets
/// (a million strings cost their bytes and one Int each, not a million `String`s).
struct SharedStrings {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []

    var count: Int { ends.count }

    subscript(index: Int) -> ArraySlice<UInt8> {
        bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }

    /// Reads `sst` from `scanner`: each `<si>` is the text of its `<t>` runs, phonetic runs (`<rPh>`) left out.
    static func read(_ scanner: inout XMLScanner) throws(IngestError) -> SharedStrings {
        var table = SharedStrings()
        var inItem = false
        var inText = false
        var phonetic = 0
        while true {
            switch try scanner.next() {
            case .open:
                if scanner.nameIs("si") {
                    inItem = true
                    if scanner.selfClosing {
                        table.ends.append(table.bytes.count)
                        inItem = false
                    }
                } else if scanner.nameIs("rPh") {
                    if !scanner.selfClosing { phonetic += 1 }
                } else if scanner.nameIs("t") {
                    inText = inItem && phonetic == 0 && !scanner.selfClosing
                }
            case .close:
                if scanner.nameIs("si") {
                    table.ends.append(table.bytes.count)
                    inItem = false
                } else if scanner.nameIs("rPh") {
                    phonetic -= 1
                } else if scanner.nameIs("t") {
                    inText = false
                }
            case .text:
                if inText { table.bytes.append(contentsOf: scanner.text) }
            case .end:
                return table
            }
        }
    }
}
