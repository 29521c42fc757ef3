/// A fixed-size Bloom filter of the (campaign, number) pairs the run has seen: "no" is certain, "yes" may
/// be wrong. In deferred mode only the rows it answers "yes" for can be duplicates, so only they pay for
/// being decided at the end of the file (their raw text spooled, their line tagged); the others are kept
/// at once. Its size never changes: past ~2 million numbers it answers "yes" more often, which costs disk
/// work, never a wrong decision.
struct SeenFilter {
    static let bitCount = 1 << 24  // 2 MiB
    private var words: [UInt64] = Array(repeating: 0, count: SeenFilter.bitCount / 64)

    /// Adds the pair; true when it may have been added before.
    mutating func insert(_ key: UInt64, campaign: UInt32) -> Bool {
        let hash = (key ^ UInt64(campaign) &* 0xD6E8_FEB8_6659_FD93) &* 0x9E37_79B9_7F4A_7C15
        let first = Int(truncatingIfNeeded: hash >> 40)  // 24 bits each
        let second = Int(truncatingIfNeeded: (hash >> 16) & 0xFF_FFFF)
        return words.withUnsafeMutableBufferPointer { words in
            let firstMask: UInt64 = 1 << UInt64(first & 63)
            let secondMask: UInt64 = 1 << UInt64(second & 63)
            let seen = words[first >> 6] & firstMask != 0 && words[second >> 6] & secondMask != 0
            words[first >> 6] |= firstMask
            words[second >> 6] |= secondMask
            return seen
        }
    }
}
