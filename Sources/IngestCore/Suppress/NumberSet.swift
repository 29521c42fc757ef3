import Foundation

/// An exact set of E.164 keys (``PhoneNumbers/PhoneNumber/e164Key``) in about 4 bytes per number, for the
/// do-not-call lists: ten million numbers take some 44 MB where a sorted `[UInt64]` takes 80 and a hash set
/// over 160, and a lookup touches two cache lines where a binary search over 80 MB misses the cache twenty times.
///
/// How: E.164 has at most 15 digits, so a key is below 2^50. Each key is mixed by a bijection of 50-bit
/// integers (``mix(_:)``); the mixed value's top 18 bits pick a bucket (the directory says where its entries
/// start) and its low 32 bits are stored sorted within the bucket. The bijection makes (bucket, low bits)
/// the whole key: no false positives. The rare key at or past 2^50 (a longer number some region's rules
/// allow) is kept as is in a small sorted array. ``NumberSetBuilder`` builds one in about its final size.
final class NumberSet: Sendable {
    /// Keys below this are stored mixed.
    static let mixedLimit: UInt64 = 1 << 50
    fileprivate static let mask = mixedLimit - 1
    /// 2^18 buckets: the low 32 bits of a mixed key are what a bucket stores.
    fileprivate static let bucketBits = 18
    fileprivate static let buckets = 1 << bucketBits

    /// Distinct keys held.
    let count: Int
    /// `directory[b]..<directory[b + 1]` are bucket `b`'s entries.
    private nonisolated(unsafe) let directory: UnsafeMutableBufferPointer<UInt32>
    private nonisolated(unsafe) let entries: UnsafeMutablePointer<UInt32>
    private let large: [UInt64]

    fileprivate init(
        directory: UnsafeMutableBufferPointer<UInt32>, entries: UnsafeMutablePointer<UInt32>, large: [UInt64]
    ) {
        self.directory = directory
        self.entries = entries
        self.large = large
        count = Int(directory[Self.buckets]) + large.count
    }

    /// A set of `keys` (repeats allowed).
    convenience init(_ keys: some Sequence<UInt64>) {
        let builder = NumberSetBuilder()
        for key in keys { builder.insert(key) }
        self.init(builder)
    }

    convenience init(_ builder: NumberSetBuilder) {
        let (directory, entries, large) = builder.finish()
        self.init(directory: directory, entries: entries, large: large)
    }

    deinit {
        directory.deallocate()
        free(entries)
    }

    func contains(_ key: UInt64) -> Bool {
        guard key < Self.mixedLimit else { return Self.search(large, key) }
        let mixed = Self.mix(key)
        let wanted = UInt32(truncatingIfNeeded: mixed)
        let bucket = Int(mixed >> 32)
        var low = Int(directory[bucket])
        var high = Int(directory[bucket + 1])
        // A big list's buckets hold dozens: halve down to a cache line, then scan it.
        while high - low > 16 {
            let middle = (low + high) / 2
            if entries[middle] < wanted { low = middle + 1 } else { high = middle }
        }
        while low < high {
            let entry = entries[low]
            if entry >= wanted { return entry == wanted }
            low += 1
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

/// Builds a ``NumberSet`` while a list is read, in about the set's final size: keys wait in a block (a
/// million, or an eighth of the keys so far) that is then bucketed by a counting pass and merged into the
/// sorted buckets from the back, in place, in an allocation grown by `realloc` (large blocks move by
/// remapping pages, not copying). Holding every key as a `UInt64` first would take twice the set again.
final class NumberSetBuilder {
    private var directory: UnsafeMutableBufferPointer<UInt32>
    private var entries = resized(nil, to: 1)
    private var held = 0
    private var capacity = 1
    /// Mixed keys not yet merged.
    private var pending: [UInt64] = []
    private var large: [UInt64] = []

    /// Keys merged at a time, at least (tests make it small so that many merges happen).
    private let minimumBlock: Int

    init(minimumBlock: Int = 1 << 20) {
        self.minimumBlock = minimumBlock
        directory = .allocate(capacity: NumberSet.buckets + 1)
        directory.initialize(repeating: 0)
    }

    deinit {
        directory.deallocate()
        free(entries)
    }

    func insert(_ key: UInt64) {
        guard key < NumberSet.mixedLimit else {
            large.append(key)
            return
        }
        pending.append(NumberSet.mix(key))
        if pending.count >= max(minimumBlock, held / 8) { merge() }
    }

    /// The set's parts, repeats dropped; the builder is spent (it holds nothing after).
    fileprivate func finish() -> (UnsafeMutableBufferPointer<UInt32>, UnsafeMutablePointer<UInt32>, [UInt64]) {
        merge()
        var written = 0
        var start = 0
        for bucket in 0..<NumberSet.buckets {
            let end = Int(directory[bucket + 1])
            directory[bucket] = UInt32(written)
            var index = start
            while index < end {
                let value = entries[index]
                if written == Int(directory[bucket]) || entries[written - 1] != value {
                    entries[written] = value
                    written += 1
                }
                index += 1
            }
            start = end
        }
        directory[NumberSet.buckets] = UInt32(written)
        large.sort()
        var unique: [UInt64] = []
        for key in large where unique.last != key { unique.append(key) }
        let parts = (directory, Self.resized(entries, to: written), unique)
        entries = Self.resized(nil, to: 1)
        directory = .allocate(capacity: 1)
        return parts
    }

    /// `pointer`'s allocation (nil: a new one) with room for `count` entries, the entries kept.
    private static func resized(_ pointer: UnsafeMutablePointer<UInt32>?, to count: Int) -> UnsafeMutablePointer<UInt32>
    {
        guard let memory = realloc(pointer, max(count, 1) * MemoryLayout<UInt32>.stride) else {
            fatalError("out of memory for a do-not-call list of \(count) numbers")
        }
        return memory.assumingMemoryBound(to: UInt32.self)
    }

    /// Merges the pending keys into the buckets.
    private func merge() {
        let block = pending.count
        guard block > 0 else { return }
        let buckets = NumberSet.buckets
        // Bucket the block: a count, then the low halves placed by bucket and each bucket's few sorted.
        var starts = [UInt32](repeating: 0, count: buckets + 1)
        for mixed in pending { starts[Int(mixed >> 32) + 1] += 1 }
        for bucket in 0..<buckets { starts[bucket + 1] += starts[bucket] }
        var cursor = starts
        var placed = [UInt32](repeating: 0, count: block)
        for mixed in pending {
            let bucket = Int(mixed >> 32)
            placed[Int(cursor[bucket])] = UInt32(truncatingIfNeeded: mixed)
            cursor[bucket] += 1
        }
        pending.removeAll(keepingCapacity: false)
        if held + block > capacity {
            capacity = held + block
            entries = Self.resized(entries, to: capacity)
        }
        let entries = entries
        placed.withUnsafeMutableBufferPointer { placed in
            for bucket in 0..<buckets {
                let first = Int(starts[bucket])
                for index in first..<Int(starts[bucket + 1]) {
                    let value = placed[index]
                    var position = index
                    while position > first && placed[position - 1] > value {
                        placed[position] = placed[position - 1]
                        position -= 1
                    }
                    placed[position] = value
                }
            }
            mergeBuckets(placed, starts: starts, into: entries)
        }
        for bucket in 0...NumberSet.buckets { directory[bucket] += starts[bucket] }
        held += block
    }

    private func mergeBuckets(
        _ placed: UnsafeMutableBufferPointer<UInt32>, starts: [UInt32], into entries: UnsafeMutablePointer<UInt32>
    ) {
        // From the last bucket down, each bucket's old and new entries merged from their ends: a bucket's
        // new place starts at or after its old one, so nothing is overwritten before it is read.
        for bucket in stride(from: NumberSet.buckets - 1, through: 0, by: -1) {
            let oldFirst = Int(directory[bucket])
            var old = Int(directory[bucket + 1])
            let newFirst = Int(starts[bucket])
            var new = Int(starts[bucket + 1])
            var target = old + new
            while new > newFirst {
                target -= 1
                if old > oldFirst && entries[old - 1] > placed[new - 1] {
                    old -= 1
                    entries[target] = entries[old]
                } else {
                    new -= 1
                    entries[target] = placed[new]
                }
            }
            // The old entries left move up past the new entries of the buckets below.
            let shift = newFirst
            if shift > 0 {
                while old > oldFirst {
                    old -= 1
                    entries[old + shift] = entries[old]
                }
            }
        }
    }
}
