import Foundation
import GRDB
import Testing

@testable import IngestCore
@testable import IngestDelivery

/// The number index: segments written and read back, the one-pass lookup against a brute-force reference
/// (across block boundaries, per campaign and for any campaign), and the index over a real ledger.
@Suite struct NumberIndexTests {
    /// Entries handed out `size` at a time, so matches straddle blocks.
    final class SmallBlocks: NumberBlocks {
        private var flat: [UInt64]
        private let size: Int
        private var next = 0
        private var current: [UInt64] = []

        init(_ entries: [NumberEntry], size: Int) {
            flat = entries.flatMap { [$0.key, $0.value] }
            self.size = size
        }

        func nextBlock() throws(IngestError) -> UnsafeBufferPointer<UInt64> {
            current = Array(flat[next..<min(flat.count, next + 2 * size)])
            next += current.count
            return current.withUnsafeBufferPointer { UnsafeBufferPointer(start: $0.baseAddress, count: $0.count) }
        }
    }

    /// Random loads of few numbers into few campaigns (so numbers repeat across campaigns and times).
    static func loads(_ count: Int, random: inout SplitMix) -> [NumberEntry] {
        (0..<count).map { _ in
            NumberEntry(
                number: 59_898_000_000 + random.next() % 60, campaign: 1 + Int(random.next() % 3),
                at: 1_700_000_000 + UInt32(random.next() % 1000), chunk: UInt32(1 + random.next() % 9))
        }.sorted()
    }

    @Test(arguments: [1, 2, 3, 7, 1000])
    func theLookupFindsWhatABruteForceSearchFinds(blockSize: Int) throws {
        var random = SplitMix(state: UInt64(blockSize))
        for round in 0..<20 {
            let entries = Self.loads(round * 7, random: &random)
            for anyCampaign in [false, true] {
                var queries = Set<UInt64>()
                for _ in 0..<30 {
                    let number = 59_898_000_000 + random.next() % 70
                    queries.insert(
                        NumberEntry.key(number: number, campaign: anyCampaign ? 0 : 1 + Int(random.next() % 4)))
                }
                let sorted = queries.sorted()
                let accept: (NumberEntry) -> Bool = { $0.chunk != 5 && $0.at >= 1_700_000_100 }
                var lookup = NumberLookup(queries: sorted, anyCampaign: anyCampaign)
                try lookup.search(SmallBlocks(entries, size: blockSize), accept: accept)
                let expected = sorted.map { query in
                    entries.filter { entry in
                        (anyCampaign ? entry.number == query >> NumberEntry.campaignBits : entry.key == query)
                            && accept(entry)
                    }.map(\.value).max() ?? 0
                }
                #expect(lookup.newest == expected, "round \(round), any campaign \(anyCampaign)")
            }
        }
    }

    @Test func aSegmentReadsBackWhatWasWrittenAndRefusesWhatIsNot() throws {
        let temp = try TemporaryDirectory()
        var random = SplitMix(state: 5)
        let entries = Self.loads(3000, random: &random)
        let segment = try NumberSegment.write(entries, to: temp.file("s.bin"))
        #expect(segment.count == 3000)
        var read: [NumberEntry] = []
        let reader = try NumberSegment.Reader(path: temp.file("s.bin"))
        while true {
            let block = try reader.nextBlock()
            if block.isEmpty { break }
            for index in 0..<block.count / 2 {
                read.append(NumberEntry(key: block[2 * index], value: block[2 * index + 1]))
            }
        }
        #expect(read == entries)
        #expect(!FileManager.default.fileExists(atPath: temp.file("s.bin.tmp")))

        let text = try temp.write("text.bin", "not a segment at all\n")
        #expect(throws: IngestError.self) { try NumberSegment.Reader(path: text) }
        // Cut short: the header promises more than the file holds.
        let data = try Data(contentsOf: URL(fileURLWithPath: temp.file("s.bin")))
        try data.prefix(1000).write(to: URL(fileURLWithPath: temp.file("short.bin")))
        let short = try NumberSegment.Reader(path: temp.file("short.bin"))
        #expect(throws: IngestError.self) { _ = try short.nextBlock() }
    }

    @Test func theIndexFollowsTheLedgerAndMergesItsSegments() throws {
        let temp = try TemporaryDirectory()
        let ledger = try Ledger(directory: temp.file("state"))
        let run = try ledger.startRun()
        var index = NumberIndex(ledger: ledger)
        index.maxSegments = 2
        func record(_ name: String, campaign: String, _ numbers: [UInt64]) throws {
            let chunk = SpooledChunk(
                filename: name, path: try temp.write(name, "x\n"), campaign: campaign, timezone: nil, rows: 1, bytes: 2)
            try ledger.record(
                chunk, key: name, fileSHA: "sha", run: run, status: .accepted, attempts: 1, numbers: numbers.sorted())
        }
        func newest(_ numbers: [UInt64], campaign: String?) throws -> [Bool] {
            let id =
                try campaign.map { name in
                    try ledger.database.read { db in try Ledger.campaignID(name, in: db, assigning: false) } ?? 0
                } ?? 0
            let queries = numbers.map { NumberEntry.key(number: $0, campaign: id) }
            let order = queries.indices.sorted { queries[$0] < queries[$1] }
            let found = try index.newestLoads(of: order.map { queries[$0] }, anyCampaign: campaign == nil) { _ in true }
            var result = [Bool](repeating: false, count: numbers.count)
            for (position, original) in order.enumerated() { result[original] = found[position] != 0 }
            return result
        }

        try record("a.txt", campaign: "Ventas->", [100, 200, 300])
        // Not yet refreshed: a read-only lookup still sees the recorded loads.
        #expect(try newest([100, 150, 300], campaign: nil) == [true, false, true])
        try index.refresh()
        try record("b.txt", campaign: "Cobranza->", [150, 300])
        try index.refresh()
        #expect(try newest([100, 150], campaign: "Ventas->") == [true, false])
        #expect(try newest([100, 150], campaign: "Cobranza->") == [false, true])
        // A third segment is one too many: the three become one.
        try record("c.txt", campaign: "Ventas->", [150])
        try index.refresh()
        let files = try FileManager.default.contentsOfDirectory(atPath: temp.file("state/numbers"))
        #expect(files.count == 1 && files[0].contains("merged"), "\(files)")
        #expect(try newest([100, 150, 200, 250, 300], campaign: "Ventas->") == [true, true, true, false, true])
        #expect(try newest([150, 300, 400], campaign: nil) == [true, true, false])
        // A file the index does not list (a crash before listing it) goes at the next refresh.
        try temp.write("state/numbers/segment-99.bin", "left over")
        try index.refresh()
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.file("state/numbers")).count == 1)
    }
}
