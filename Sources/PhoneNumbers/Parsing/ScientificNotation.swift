/// Spreadsheet scientific notation (`9.83E+07`, `9,83E+07`, `9.83e7`): the digits are gone, so such a cell
/// is never a valid number, whatever libphonenumber would make of it.
enum ScientificNotation {
    /// `^\s*[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+\s*$` over ASCII.
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
        func digits() -> Bool {
            let start = i
            while i < n, isDigit(bytes[i]) { i += 1 }
            return i > start
        }
        while i < n, isSpace(bytes[i]) { i += 1 }
        if i < n, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
        guard digits() else { return false }
        if i < n, bytes[i] == 0x2E || bytes[i] == 0x2C {
            i += 1
            guard digits() else { return false }
        }
        guard i < n, bytes[i] | 0x20 == 0x65 else { return false }
        i += 1
        if i < n, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
        guard digits() else { return false }
        while i < n, isSpace(bytes[i]) { i += 1 }
        return i == n
    }
}
