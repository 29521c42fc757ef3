import CHotPath

/// A fixed-size Bloom filter of the (campaign, number) pairs the run has seen: "no" is certain, "yes" may
/// be wrong. In deferred mode only the rows it answers "yes" for can be duplicates, so only they pay for
/// being decided at the end of the file (their raw text spooled, their line tagged); the others are kept
/// at once. Its size never changes: past ~2 million numbers it answers "yes" more often, which costs disk
/// work, never a wrong decision.
///
/// Blocked: both bits of a pair are in one 64-byte block, so a lookup costs one cache miss, not two (the
/// miss was nearly all of the duplicate check's time), and `prefetch` can start that miss a few rows ahead.
///
/// Its words are a plain allocation, not an array: the duplicate check reads it twice per row (prefetch,
/// insert), and an array in an optional stored property was retained and released around each access.
/// Not copyable: one owner, and the memory goes with it (`deinit`). It sits in one huge page where the system allows (every row
/// touches a random block of it: with 4 KiB pages, nearly every lookup also missed the TLB).
struct SeenFilter: ~Copyable {
    static let bitCount = 1 << 24  // 2 MiB
    private static let wordsPerBlock = 8
    private static let blockBits = 15  // 2^15 blocks of 8 words
    private let words: UnsafeMutablePointer<UInt64>

    init() {
        words = HugePages.allocateZeroed(UInt64.self, count: Self.bitCount / 64)
    }

    deinit {
        HugePages.deallocate(words)
    }

    /// Adds the pair; true when it may have been added before.
    func insert(_ key: UInt64, campaign: UInt32) -> Bool {
        let hash = Self.hash(key, campaign: campaign)
        let block = Self.block(of: hash)
        // Two bits among the block's 512: nine hash bits each.
        let first = Int(truncatingIfNeeded: (hash >> 8) & 511)
        let second = Int(truncatingIfNeeded: (hash >> 17) & 511)
        let firstWord = block + (first >> 6)
        let secondWord = block + (second >> 6)
        let firstMask: UInt64 = 1 << UInt64(first & 63)
        let secondMask: UInt64 = 1 << UInt64(second & 63)
        let seen = words[firstWord] & firstMask != 0 && words[secondWord] & secondMask != 0
        words[firstWord] |= firstMask
        words[secondWord] |= secondMask
        return seen
    }

    /// Starts loading the block of one pair, a few rows before its `insert` (see `DuplicateCheck.prefetch`).
    func prefetch(_ key: UInt64, campaign: UInt32) {
        hotpath_prefetch(words + Self.block(of: Self.hash(key, campaign: campaign)))
    }

    private static func hash(_ key: UInt64, campaign: UInt32) -> UInt64 {
        (key ^ UInt64(campaign) &* 0xD6E8_FEB8_6659_FD93) &* 0x9E37_79B9_7F4A_7C15
    }

    /// The first word of the pair's block (top bits of the hash).
    private static func block(of hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash >> UInt64(64 - blockBits)) * wordsPerBlock
    }
}
