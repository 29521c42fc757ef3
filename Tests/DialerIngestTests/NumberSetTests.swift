import Testing

@testable import IngestCore

/// The do-not-call lists' compact set: exact (no false positive, no false negative) for clustered numbers,
/// repeats and keys past 2^50.
@Suite struct NumberSetTests {
    @Test func holdsExactlyItsKeys() {
        var random = SplitMix(state: 21)
        // Clustered like a real list: Uruguayan mobiles, a block of one range, and a few long keys.
        var keys: [UInt64] = (0..<50_000).map { _ in 598_9900_0000 + random.next() % 1_000_000 }
        keys += (0..<2_000).map { 1_212_555_0000 + UInt64($0) }
        keys += [NumberSet.mixedLimit, NumberSet.mixedLimit + 7, 999_999_999_999_999_999]
        keys += keys.prefix(1_000)  // repeats
        let distinct = Set(keys)
        // Small blocks: the set is built by many merges into the buckets, as a big list's is.
        let builder = NumberSetBuilder(minimumBlock: 7_000)
        for key in keys { builder.insert(key) }
        let set = NumberSet(builder)
        #expect(set.count == distinct.count)
        for key in distinct { #expect(set.contains(key), "\(key)") }
        // Neighbours and other ranges are not in it.
        var wrong = 0
        for key in distinct where !distinct.contains(key + 1) && set.contains(key + 1) { wrong += 1 }
        for _ in 0..<100_000 {
            let other = 598_2000_0000 + random.next() % 10_000_000
            if set.contains(other) { wrong += 1 }
        }
        #expect(wrong == 0)
        #expect(!set.contains(NumberSet.mixedLimit + 1))
        #expect(!set.contains(0))
    }

    @Test func oneMergeAndManyGiveTheSameSet() {
        var random = SplitMix(state: 8)
        let keys = (0..<30_000).map { _ in 1_000_000 + random.next() % 40_000 }
        let many = NumberSetBuilder(minimumBlock: 1_000)
        for key in keys { many.insert(key) }
        let small = NumberSet(many)
        let whole = NumberSet(keys)
        #expect(small.count == Set(keys).count && whole.count == small.count)
        #expect((1_000_000..<1_040_000).allSatisfy { small.contains($0) == whole.contains($0) })
    }

    @Test func anEmptySetHoldsNothing() {
        let set = NumberSet([])
        #expect(set.count == 0)
        #expect(!set.contains(598_9912_3456))
    }

    @Test func theMixIsOneToOneOnFiftyBits() {
        var random = SplitMix(state: 5)
        // Random keys and a dense run of consecutive ones: distinct keys stay distinct, below 2^50.
        let keys = Set(
            (0..<200_000).map { _ in random.next() % NumberSet.mixedLimit } + (0..<100_000).map { UInt64($0) })
        let mixed = Set(keys.map(NumberSet.mix))
        #expect(mixed.count == keys.count)
        #expect(mixed.allSatisfy { $0 < NumberSet.mixedLimit })
    }
}
