/// Byte tests on eight bytes at once ("SIMD within a register"): each answers for the whole word, exactly,
/// so the hot loops skip clean words and look at single bytes only where something is.
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Some byte of `word` is 0x80 or above (not ASCII).
    @inline(__always)
    static func hasHighByte(_ word: UInt64) -> Bool {
        word & highs != 0
    }

    /// 0x80 in exactly the bytes of `word` that equal `byte`, 0 elsewhere.
    @inline(__always)
    static func mask(of byte: UInt8, in word: UInt64) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        let low = ones &* 0x7F
        return ~(((difference & low) &+ low) | difference | low)
    }

    /// Some byte is a control character, `:` `;` `=` or DEL: what a dialer-line value may not hold as is
    /// (`ReservedBytes.isReplaced`, eight bytes at once; tested against it in `ReservedBytesTests`).
    @inline(__always)
    static func hasControlOrReserved(_ word: UInt64) -> Bool {
        let below = (word &- ones &* 0x20) & ~word
        var equal = word ^ (ones &* 0x3A)
        var found = (equal &- ones) & ~equal
        equal = word ^ (ones &* 0x3B)
        found |= (equal &- ones) & ~equal
        equal = word ^ (ones &* 0x3D)
        found |= (equal &- ones) & ~equal
        equal = word ^ (ones &* 0x7F)
        found |= (equal &- ones) & ~equal
        return (below | found) & highs != 0
    }
}

extension SWAR {
    /// The first index in `start..<end` of `base` holding `a`, `b` or `c`; `end` when there is none.
    @inline(__always)
    static func firstIndex(
        of a: UInt8, _ b: UInt8, _ c: UInt8, in base: UnsafePointer<UInt8>, from start: Int, to end: Int
    ) -> Int {
        let raw = UnsafeRawPointer(base)
        var index = start
        while index + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let found = mask(of: a, in: word) | mask(of: b, in: word) | mask(of: c, in: word)
            if found != 0 { return index + found.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < end {
            let byte = base[index]
            if byte == a || byte == b || byte == c { return index }
            index += 1
        }
        return end
    }
}
