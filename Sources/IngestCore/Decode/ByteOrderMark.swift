/// Byte order marks, and the tell-tale zero bytes of UTF-16 text saved without one.
struct ByteOrderMark {
    let encoding: TextEncoding
    let length: Int

    static func detect(_ bytes: [UInt8]) -> ByteOrderMark? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return ByteOrderMark(encoding: .utf8BOM, length: 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return ByteOrderMark(encoding: .utf16LE, length: 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return ByteOrderMark(encoding: .utf16BE, length: 2) }
        return nil
    }

    /// UTF-16 without a BOM: mostly-ASCII text leaves a zero in every other byte.
    static func guessUTF16(_ bytes: [UInt8]) -> TextEncoding? {
        let sample = bytes.prefix(512)
        guard sample.count >= 8 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        for (index, byte) in sample.enumerated() where byte == 0 {
            if index % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        let half = sample.count / 2
        if oddZeros * 10 >= half * 7 && evenZeros * 10 <= half { return .utf16LE }
        if evenZeros * 10 >= half * 7 && oddZeros * 10 <= half { return .utf16BE }
        return nil
    }
}
