/// An exact set of E.164 keys (``PhoneNumbers/PhoneNumber/e164Key``) in about 4 bytes per number, for the
/// do-not-call lists: ten million numbers take some 44 MB where a sorted `[UInt64]` takes 80 and a hash set
/// over 160, and a lookup touches two cache lines where a binary search over 80 MB misses the cache twenty times.
///
/// How: E.164 has at most 15 digits, so a key is below 2^50. Each key is mixed by a bijection of 50-bit
/// integers (``mix(_:)``); the mixed value's top bits pick a bucket (the directory says where its entries
/// start) and its low bits, at most 32 of them, are stored sorted within the bucket. The bijection makes
/// (bucket, low bits) the whole key: no false positives. The rare key at or past 2^50 (a longer number
/// some region's rules allow) is kept as is in a small sorted array.
final class NumberSet: Sendable {
    /// Keys below this are stored mixed.
    static let mixedLimit: UInt64 = 1 << 50
    private static let mask = mixedLimit - 1

    /// Distinct keys held.
    let count: Int
    /// `directory[b]..<directory[b + 1]` are bucket `b`'s entries.
    private nonisolated(unsafe) let directory: UnsafeMutableBufferPointer<UInt32>
    private nonisolated(unsafe) let entries: UnsafeMutableBufferPointer<UInt32>
    /// Bits of a mixed key below the bucket's.
    private let shift: UInt64
    private let large: [UInt64]

    /// Builds the set from `blocks` of keys (duplicates allowed), emptying them as it goes: the keys are
    /// bucketed straight into place (no sort of the whole), so building costs one pass and the keys once
    /// over in memory.
    init(blocks: inout [[UInt64]]) {
        let total = blocks.reduce(0) { $0 + $1.count }
        // About 16 entries per bucket, at least 2^18 buckets so that the low bits fit a UInt32.
        var bucketBits = 18
        while bucketBits < 30 && (total >> (bucketBits + 4)) > 0 { bucketBits += 1 }
        shift = UInt64(50 - bucketBits)
        let buckets = 1 << bucketBits
        directory = .allocate(capacity: buckets + 1)
        directory.initialize(repeating: 0)
        var large: [UInt64] = []
        for block in blocks {
            for key in block where key < Self.mixedLimit {
                directory[Int(Self.mix(key) >> shift) + 1] += 1
            }
        }
        for bucket in 0..<buckets { directory[bucket + 1] += directory[bucket] }
        let placed = Int(directory[buckets])
        entries = .allocate(capacity: max(placed, 1))
        var cursor = Array(directory[0..<buckets])
        let low = (UInt64(1) << shift) - 1
        for index in blocks.indices {
            for key in blocks[index] {
                guard key < Self.mixedLimit else {
                    large.append(key)
                    continue
                }
                let mixed = Self.mix(key)
                let bucket = Int(mixed >> shift)
                entries[Int(cursor[bucket])] = UInt32(truncatingIfNeeded: mixed & low)
                cursor[bucket] += 1
            }
            blocks[index] = []
        }
        // Sort each bucket (a few entries: insertion sort) and drop repeats, compacting as we go.
        var written = 0
        for bucket in 0..<buckets {
            let start = Int(directory[bucket])
            let end = Int(directory[bucket + 1])
            directory[bucket] = UInt32(written)
            for index in start..<end {
                let value = entries[index]
                var position = written
                while position > Int(directory[bucket]) && entries[position - 1] > value { position -= 1 }
                if position > Int(directory[bucket]) && entries[position - 1] == value { continue }
                var move = written
                while move > position {
                    entries[move] = entries[move - 1]
                    move -= 1
                }
                entries[position] = value
                written += 1
            }
        }
        directory[buckets] = UInt32(written)
        large.sort()
        var unique: [UInt64] = []
        for key in large where unique.last != key { unique.append(key) }
        self.large = unique
        count = written + unique.count
    }

    deinit {
        directory.deallocate()
        entries.deallocate()
    }

    func contains(_ key: UInt64) -> Bool {
        guard key < Self.mixedLimit else { return Self.search(large, key) }
        let mixed = Self.mix(key)
        let bucket = Int(mixed >> shift)
        let wanted = UInt32(truncatingIfNeeded: mixed & ((UInt64(1) << shift) - 1))
        var index = Int(directory[bucket])
        let end = Int(directory[bucket + 1])
        while index < end {
            let entry = entries[index]
            if entry >= wanted { return entry == wanted }
            index += 1
        }
        return false
    }

    /// A bijection of 50-bit integers (xor-shifts and odd multipliers, each invertible modulo 2^50) that
    /// spreads the keys, which cluster by country code and number plan, evenly over the buckets.
    static func mix(_ key: UInt64) -> UInt64 {
        var value = key
        value ^= value >> 23
        value = (value &* 0x2127_599B_F432_5C37) & mask
        value ^= value >> 27
        value = (value &* 0x0880_355F_2147_4BD5) & mask
        value ^= value >> 25
        return value
    }

    private static func search(_ sorted: [UInt64], _ key: UInt64) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == key
    }
}
