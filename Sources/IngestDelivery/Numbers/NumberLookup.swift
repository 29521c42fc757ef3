import IngestCore

/// Finds, for sorted query keys, the newest entry of a segment each one matches: the keys walked once
/// against the segment's entries, front to back (galloping within a block), so a run's two million numbers
/// against fifty million loads read the segment once instead of making fifty million index probes.
struct NumberLookup {
    /// Query keys (``NumberEntry/key``), ascending and without repeats.
    let queries: [UInt64]
    /// True: a query matches entries with its number in any campaign (its campaign bits are ignored).
    let anyCampaign: Bool
    /// The newest matching `value` per query (0: none yet); entries the filter refuses do not count.
    private(set) var newest: [UInt64]

    init(queries: [UInt64], anyCampaign: Bool) {
        self.queries = queries
        self.anyCampaign = anyCampaign
        newest = [UInt64](repeating: 0, count: queries.count)
    }

    /// The entries a query matches: its key, or (any campaign) every key of its number.
    private func range(_ query: UInt64) -> ClosedRange<UInt64> {
        guard anyCampaign else { return query...query }
        let mask: UInt64 = 1 << NumberEntry.campaignBits - 1
        return (query & ~mask)...(query | mask)
    }

    /// Walks `segment` and keeps, per query, the newest matching value that `accept` takes.
    mutating func search(_ source: some NumberBlocks, accept: (NumberEntry) -> Bool) throws(IngestError) {
        guard !queries.isEmpty else { return }
        var query = 0
        while query < queries.count {
            let block = try source.nextBlock()
            let count = block.count / 2
            if count == 0 { return }
            var position = 0
            while query < queries.count {
                let wanted = range(queries[query])
                // Every entry of the block is below the query: the next block.
                if block[2 * (count - 1)] < wanted.lowerBound { break }
                position = Self.firstAtLeast(wanted.lowerBound, in: block, count: count, from: position)
                while position < count && block[2 * position] <= wanted.upperBound {
                    let entry = NumberEntry(key: block[2 * position], value: block[2 * position + 1])
                    if entry.value > newest[query] && accept(entry) { newest[query] = entry.value }
                    position += 1
                }
                // The query's entries may go on in the next block.
                if position == count { break }
                query += 1
            }
        }
    }

    /// The first index at or after `start` whose key is at least `key` (`count` when none): doubling steps,
    /// then a binary search, since consecutive queries usually land close together.
    static func firstAtLeast(
        _ key: UInt64, in block: UnsafeBufferPointer<UInt64>, count: Int, from start: Int
    ) -> Int {
        if start >= count || block[2 * start] >= key { return start }
        var low = start
        var step = 1
        while low + step < count && block[2 * (low + step)] < key {
            low += step
            step <<= 1
        }
        var high = min(low + step, count)
        low += 1
        while low < high {
            let middle = (low + high) / 2
            if block[2 * middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Entries in ascending order, a block at a time: keys at even, values at odd positions; empty at the end.
protocol NumberBlocks {
    func nextBlock() throws(IngestError) -> UnsafeBufferPointer<UInt64>
}

extension NumberSegment.Reader: NumberBlocks {}

/// Sorted entries in memory as one block (the loads recorded since the index's last refresh).
final class InMemoryEntries: NumberBlocks {
    private let flat: UnsafeMutableBufferPointer<UInt64>
    private var given = false

    init(_ entries: [NumberEntry]) {
        flat = .allocate(capacity: entries.count * 2)
        for (index, entry) in entries.enumerated() {
            flat[2 * index] = entry.key
            flat[2 * index + 1] = entry.value
        }
    }

    deinit { flat.deallocate() }

    func nextBlock() throws(IngestError) -> UnsafeBufferPointer<UInt64> {
        defer { given = true }
        return given ? UnsafeBufferPointer(start: nil, count: 0) : UnsafeBufferPointer(flat)
    }
}
