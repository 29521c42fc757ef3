/// Character classes of libphonenumber's parsing regexes, over Unicode scalar values.
enum Scalars {
    static let plus: UInt32 = 0x2B
    static let fullwidthPlus: UInt32 = 0xFF0B

    @inline(__always)
    static func isPlus(_ c: UInt32) -> Bool { c == plus || c == fullwidthPlus }

    /// Value of a decimal digit (`\d` in Python's Unicode mode, for the scripts seen in practice), or nil.
    @inline(__always)
    static func digitValue(_ c: UInt32) -> UInt8? {
        if c &- 0x30 < 10 { return UInt8(c &- 0x30) }
        if c < 0x660 { return nil }
        if c &- 0xFF10 < 10 { return UInt8(c &- 0xFF10) }
        if c &- 0x660 < 10 { return UInt8(c &- 0x660) }
        if c &- 0x6F0 < 10 { return UInt8(c &- 0x6F0) }
        if c &- 0x966 < 10 { return UInt8(c &- 0x966) }
        return nil
    }

    @inline(__always)
    static func isDigit(_ c: UInt32) -> Bool { digitValue(c) != nil }

    /// `_VALID_PUNCTUATION`, matched case-insensitively (so `X` counts like `x`).
    @inline(__always)
    static func isPunctuation(_ c: UInt32) -> Bool {
        if c < 0x80 {
            switch c {
            case 0x2D, 0x78, 0x58, 0x20, 0x28, 0x29, 0x2E, 0x5B, 0x5D, 0x2F, 0x7E: return true
            default: return false
            }
        }
        switch c {
        case 0x2010...0x2015, 0x2212, 0x30FC, 0xFF0D...0xFF0F, 0x00A0, 0x00AD, 0x200B, 0x2060, 0x3000, 0xFF08,
            0xFF09, 0xFF3B, 0xFF3D, 0x2053, 0x223C, 0xFF5E:
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func isASCIILetter(_ c: UInt32) -> Bool { (c | 0x20) &- 0x61 < 26 }

    /// Keypad digit of an ASCII letter (E.161).
    @inline(__always)
    static func keypadDigit(_ c: UInt32) -> UInt8 {
        let table: StaticString = "22233344455566677778889999"
        return table.withUTF8Buffer { $0[Int((c | 0x20) &- 0x61)] } &- 48
    }

    /// Python's `\w` (Unicode): letters, digits, underscore.
    static func isWordCharacter(_ c: UInt32) -> Bool {
        if c < 0x80 {
            return isASCIILetter(c) || c &- 0x30 < 10 || c == 0x5F
        }
        guard let scalar = Unicode.Scalar(c) else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Python's `str.isalnum`, used to tell an empty cell from garbage.
    static func isAlphanumeric(_ c: UInt32) -> Bool {
        c != 0x5F && isWordCharacter(c)
    }

    /// Case folding good enough for the extension labels (ASCII, Latin-1, Cyrillic, fullwidth).
    @inline(__always)
    static func lowercased(_ c: UInt32) -> UInt32 {
        switch c {
        case 0x41...0x5A, 0xC0...0xD6, 0xD8...0xDE, 0x410...0x42F, 0xFF21...0xFF3A: c + 0x20
        default: c
        }
    }
}
