/// Makes a value safe inside a dialer line: `;` `:` `=` and control characters (CR, LF, TAB, …) become
/// a space, runs of spaces collapse to one, and the ends are trimmed.
enum FieldSanitizer {
    /// 0 = keep, 1 = becomes a space (reserved or control), 2 = is a space.
    private static let classes: [UInt8] = (0...255).map { byte in
        if byte == 0x20 { return 2 }
        if byte < 0x20 || byte == 0x7F || byte == 0x3B || byte == 0x3A || byte == 0x3D { return 1 }
        return 0
    }

    /// Appends the sanitized `field` to `output`.
    /// - Returns: true when a reserved or control character had to be replaced (the report counts these).
    @discardableResult
    static func append(_ field: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) -> Bool {
        if isClean(field) {
            output.append(contentsOf: field)
            return false
        }
        var replaced = false
        var pendingSpace = false
        var wroteAny = false
        for byte in field {
            let kind = classes[Int(byte)]
            if kind == 0 {
                if pendingSpace && wroteAny { output.append(0x20) }
                pendingSpace = false
                output.append(byte)
                wroteAny = true
            } else {
                if kind == 1 { replaced = true }
                pendingSpace = true
            }
        }
        return replaced
    }

    /// True when `field` comes out unchanged: no reserved or control byte, no space at either end, no
    /// two spaces in a row. Most cells are; they are copied in one go.
    private static func isClean(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = field.first, let last = field.last, first != 0x20, last != 0x20 else { return false }
        var previousSpace = false
        for byte in field {
            if byte == 0x20 {
                if previousSpace { return false }
                previousSpace = true
            } else {
                if byte < 0x20 || byte == 0x7F || byte == 0x3B || byte == 0x3A || byte == 0x3D { return false }
                previousSpace = false
            }
        }
        return true
    }

    /// The sanitized form of a String (header names, config values).
    static func sanitized(_ text: String) -> String {
        var output: [UInt8] = []
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            _ = append(UnsafeBufferPointer(buffer), to: &output)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// True when the field holds only spaces (or nothing).
    static func isEmpty(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        field.allSatisfy { classes[Int($0)] != 0 }
    }
}
