/// One bit per deferred row of a file: set when the row turned out to be a duplicate.
struct DuplicateBitmap {
    private var words: [UInt64]
    private(set) var setCount = 0

    init(count: Int) {
        words = Array(repeating: 0, count: (count + 63) / 64)
    }

    subscript(ordinal: Int) -> Bool {
        let word = ordinal >> 6
        guard word >= 0 && word < words.count else { return false }
        return words[word] & (1 << UInt64(ordinal & 63)) != 0
    }

    mutating func set(_ ordinal: Int) {
        let word = ordinal >> 6
        let bit: UInt64 = 1 << UInt64(ordinal & 63)
        guard words[word] & bit == 0 else { return }
        words[word] |= bit
        setCount += 1
    }

    /// Adds the rows `other` marked (same count).
    mutating func formUnion(_ other: DuplicateBitmap) {
        for index in words.indices where other.words[index] != 0 {
            let added = other.words[index] & ~words[index]
            words[index] |= added
            setCount += added.nonzeroBitCount
        }
    }
}
