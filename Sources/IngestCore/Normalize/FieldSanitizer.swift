import CHotPath

/// Makes a value safe inside a dialer line: `;` `:` `=` and control characters (CR, LF, TAB, …, the C1
/// controls U+0080-U+009F and the line and paragraph separators U+2028/U+2029) become a space, runs of
/// spaces collapse to one, and the ends are trimmed.
/// The byte rule itself is `ReservedBytes`.
enum FieldSanitizer {
    /// 0 = keep, 1 = becomes a space (reserved or control), 2 = is a space: `ReservedBytes`' table.
    private static let classes: [UInt8] = ReservedBytes.classes

    /// Appends the sanitized `field` to `output`.
    /// - Returns: true when a reserved or control character had to be replaced (the report counts these).
    @discardableResult
    static func append(_ field: UnsafeBufferPointer<UInt8>, to output: GrowingBytes) -> Bool {
        let target = output.reserve(field.count + wordSlack)
        let (written, replaced) = write(field, to: target)
        output.commit(written)
        return replaced
    }

    /// Appends the sanitized `field` to `output`.
    @discardableResult
    static func append(_ field: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) -> Bool {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: field.count + wordSlack))
        var result = (0, false)
        output.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { result = write(field, to: base + start) }
        }
        output.removeLast(field.count + wordSlack - result.0)
        return result.1
    }

    /// Room past a field's length that `write` needs: a clean field is copied a whole vector at a time.
    private static let wordSlack = 16

    /// Writes the sanitized `field` at `output` (room for `field.count + wordSlack` bytes; the sanitized text
    /// is never longer than the field).
    /// - Returns: the bytes written, and whether a reserved or control character was replaced.
    private static func write(
        _ field: UnsafeBufferPointer<UInt8>, to output: UnsafeMutablePointer<UInt8>
    ) -> (Int, Bool) {
        guard field.count > 0 else { return (0, false) }
        if copyIfClean(field, to: output) { return (field.count, false) }
        var written = 0
        var replaced = false
        var pendingSpace = false
        var index = 0
        while index < field.count {
            let byte = field[index]
            var kind = classes[Int(byte)]
            let width = kind == 0 ? separatorWidth(field, at: index) : 1
            if width > 1 { kind = 1 }
            index += width
            if kind == 0 {
                if pendingSpace && written > 0 {
                    output[written] = 0x20
                    written += 1
                }
                pendingSpace = false
                output[written] = byte
                written += 1
            } else {
                if kind == 1 { replaced = true }
                pendingSpace = true
            }
        }
        return (written, replaced)
    }

    /// The length of the C1 control (`C2 80`-`C2 9F`) or line/paragraph separator (`E2 80 A8`/`A9`) that
    /// starts at `index`, else 1.
    @inline(__always)
    private static func separatorWidth(_ field: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = field[index]
        if byte == 0xC2, index + 1 < field.count, field[index + 1] & 0xE0 == 0x80 { return 2 }
        if byte == 0xE2, index + 2 < field.count, field[index + 1] == 0x80, field[index + 2] & 0xFE == 0xA8 {
            return 3
        }
        return 1
    }

    /// True when `field` comes out unchanged (no reserved or control byte, no `C2` or `E2` byte, no space at
    /// either end, no two spaces in a row), and then it is copied to `output`: most cells are. When the field
    /// is not clean, what was stored is overwritten by the slow path. Sixteen bytes a step with SSE2 on x86-64
    /// (`hotpath_copy_if_clean`), eight elsewhere (`copyIfCleanWords`); both are checked against
    /// `ReservedBytes.classes` in `ReservedBytesTests`.
    @inline(__always)
    private static func copyIfClean(_ field: UnsafeBufferPointer<UInt8>, to output: UnsafeMutablePointer<UInt8>) -> Bool
    {
        #if arch(x86_64)
            guard let base = field.baseAddress, !field.isEmpty else { return false }
            return hotpath_copy_if_clean(base, field.count, output) != 0
        #else
            copyIfCleanWords(field, to: output)
        #endif
    }

    /// `copyIfClean` eight bytes at a time: the last word overlaps the one before it, and a field shorter than
    /// a word is padded with a harmless letter stored into the slack.
    @inline(__always)
    static func copyIfCleanWords(_ field: UnsafeBufferPointer<UInt8>, to output: UnsafeMutablePointer<UInt8>)
        -> Bool
    {
        guard let base = field.baseAddress, let first = field.first, let last = field.last,
            first != 0x20, last != 0x20
        else { return false }
        let raw = UnsafeRawPointer(base)
        let target = UnsafeMutableRawPointer(output)
        let count = field.count
        if count < 8 {
            let word = shortWord(raw, count: count)
            guard isClean(word, previousSpace: 0) else { return false }
            target.storeBytes(of: word, as: UInt64.self)
            return true
        }
        var index = 0
        var previousSpace: UInt64 = 0
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            guard isClean(word, previousSpace: previousSpace) else { return false }
            target.storeBytes(of: word, toByteOffset: index, as: UInt64.self)
            previousSpace = SWAR.mask(of: 0x20, in: word) >> 56
            index += 8
        }
        if index < count {
            // The last eight bytes, overlapping: every pair of neighbours in them is checked within the word.
            let word = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            guard isClean(word, previousSpace: 0) else { return false }
            target.storeBytes(of: word, toByteOffset: count - 8, as: UInt64.self)
        }
        return true
    }

    /// No reserved or control byte, and no space right after a space (within the word, or across from the
    /// word before, whose last byte's space bit is `previousSpace`).
    @inline(__always)
    private static func isClean(_ word: UInt64, previousSpace: UInt64) -> Bool {
        if SWAR.hasControlOrReserved(word) { return false }
        // Lead bytes of C1 controls and U+2028/U+2029: the byte-by-byte path decides.
        if SWAR.mask(of: 0xC2, in: word) | SWAR.mask(of: 0xE2, in: word) != 0 { return false }
        let spaces = SWAR.mask(of: 0x20, in: word)
        return spaces & ((spaces << 8) | previousSpace) == 0
    }

    /// The `count` (1...7) bytes at `raw` as a word, the bytes past them a harmless letter.
    @inline(__always)
    private static func shortWord(_ raw: UnsafeRawPointer, count: Int) -> UInt64 {
        let padding = (SWAR.ones &* 0x41) &<< UInt64(count * 8)
        if count >= 4 {
            // Two overlapping halves: the bytes they share are the same in both.
            let head = UInt64(raw.loadUnaligned(as: UInt32.self))
            let tail = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            return head | tail &<< UInt64((count - 4) * 8) | padding
        }
        var word = padding
        for index in 0..<count { word |= UInt64(raw.load(fromByteOffset: index, as: UInt8.self)) &<< UInt64(index * 8) }
        return word
    }

    /// The sanitized form of a String (header names, config values).
    static func sanitized(_ text: String) -> String {
        var output: [UInt8] = []
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            _ = append(buffer, to: &output)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// True when the field holds only spaces (or nothing).
    static func isEmpty(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        field.allSatisfy { classes[Int($0)] != 0 }
    }
}
