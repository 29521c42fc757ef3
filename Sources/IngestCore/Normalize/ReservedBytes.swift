/// What a value in a dialer line may not hold as is, byte by byte: the one statement of the rule. `:` `;`
/// and `=` separate the line's fields and its vars; control bytes (C0, DEL) break the line. The C1 controls
/// and U+2028/U+2029 are several bytes: a field with one of their lead bytes (`C2`, `E2`) takes
/// `FieldSanitizer`'s byte-by-byte path, which tells them from ordinary text.
///
/// `classes` is generated from `isReplaced`. The fast paths restate the rule for eight or sixteen bytes at
/// once (`SWAR.hasControlOrReserved`, `FieldSanitizer.copyIfCleanWords`, CHotPath's `hotpath_copy_if_clean`);
/// `ReservedBytesTests` checks each against this table for every byte value at every position of a vector.
enum ReservedBytes {
    /// `:` `;` `=`: the line's own separators.
    static let separators: [UInt8] = [0x3A, 0x3B, 0x3D]

    /// True when `byte` becomes a space in a value.
    static func isReplaced(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || separators.contains(byte)
    }

    /// True when `byte` may start a multi-byte control (a C1 control, U+2028, U+2029).
    static func mayStartControl(_ byte: UInt8) -> Bool {
        byte == 0xC2 || byte == 0xE2
    }

    // The classes' values, literal in `FieldSanitizer`'s loop.
    static let keep: UInt8 = 0
    static let replaced: UInt8 = 1
    static let space: UInt8 = 2

    /// The class of every byte value: `keep`, `replaced` (becomes a space) or `space`.
    static let classes: [UInt8] = (0...255).map { (value: Int) -> UInt8 in
        let byte = UInt8(value)
        if byte == 0x20 { return space }
        return isReplaced(byte) ? replaced : keep
    }
}
