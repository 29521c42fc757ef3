import Foundation
import PhoneNumbers
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

@Suite("Deduper")
struct DeduperTests {
    @Test func duplicatesPerCampaign() {
        var deduper = Deduper()
        let results = [(1, 0), (1, 0), (1, 1), (2, 0), (1, 1)].map { deduper.insert($0.0, campaign: $0.1) }
        #expect(results == [true, false, true, true, false])
    }

    @Test func commitKeepsAndDiscardForgetsTheFilesNumbers() {
        var deduper = Deduper()
        var results: [Bool] = []
        results.append(deduper.insert(1, campaign: 0))
        deduper.commit()
        results.append(deduper.insert(1, campaign: 0))  // committed: a duplicate
        results.append(deduper.insert(2, campaign: 0))
        deduper.discard()
        // The failed file's 2 is forgotten; the committed 1 is not.
        results.append(deduper.insert(2, campaign: 0))
        deduper.discard()
        results.append(deduper.insert(1, campaign: 0))
        results.append(deduper.insert(2, campaign: 0))
        deduper.commit()
        results.append(deduper.insert(2, campaign: 0))
        #expect(results == [true, false, true, true, false, true, false])
    }

    @Test func manyNumbersThroughGrowthCommitAndDiscard() {
        var deduper = Deduper()
        // 200,000 keys: the table grows several times; keys differ only in low digits, like real numbers.
        let first = (0..<100_000).map { 59_899_000_000 + UInt64($0) }
        let second = (100_000..<200_000).map { 59_899_000_000 + UInt64($0) }
        #expect(first.allSatisfy { deduper.insert($0, campaign: 0) })
        deduper.commit()
        #expect(second.allSatisfy { deduper.insert($0, campaign: 0) })
        #expect(!first.contains { deduper.insert($0, campaign: 0) })
        deduper.discard()  // the second file failed: its numbers are new again, the first file's are not
        #expect(second.allSatisfy { deduper.insert($0, campaign: 0) })
        #expect(!first.contains { deduper.insert($0, campaign: 0) })
        #expect(first.allSatisfy { deduper.insert($0, campaign: 1) })
    }
}
