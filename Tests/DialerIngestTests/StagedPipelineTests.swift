import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// The pipeline's threads: batches normalised two at a time come back in file order, with routes the two
/// normalisers numbered each their own way; gzip read ahead on a thread keeps blocks and errors in order.
@Suite struct StagedPipelineTests {
    /// 12,000 rows (six batches) whose campaigns first appear in different batches: each campaign's chunk
    /// lines are its rows in file order, and the report's counts add up over both normalisers.
    @Test func batchesNormalisedInTurnKeepFileOrder() throws {
        let temp = try TemporaryDirectory()
        var text = "telefono,nombre,campaign\n"
        var expected: [String: [String]] = [:]
        var sanitized = 0
        for index in 0..<12_000 {
            let campaigns = index < 3_000 ? ["A"] : index < 7_000 ? ["A", "B"] : ["A", "B", "C", "D"]
            let campaign = campaigns[index % campaigns.count]
            let number = "09\(8_000_000 + index)"
            // Every seventh name holds a reserved character: sanitised, and counted once.
            let name = index % 7 == 0 ? "Nombre:\(index)" : "Nombre \(index)"
            if index % 7 == 0 { sanitized += 1 }
            text += "\(number),\(name),\(campaign)\n"
            expected[campaign, default: []].append(number)
        }
        let file = try temp.write("leads.csv", text)
        let outcome = try DuplicateSpillTests.validate([file], budget: nil, name: "out", in: temp, chunkRows: 5_000)
        #expect(outcome.status == 0)
        var numbersByCampaign: [String: [String]] = [:]
        for (group, lines) in outcome.linesByGroup {
            let campaign = String(group.split(separator: "_").last ?? "")
            numbersByCampaign[campaign, default: []] += lines.map { String($0.split(separator: ";")[1]) }
        }
        #expect(numbersByCampaign.keys.sorted() == ["A", "B", "C", "D"])
        for (campaign, numbers) in expected {
            let got = numbersByCampaign[campaign] ?? []
            let firstDifference = zip(got, numbers).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            #expect(
                got.count == numbers.count && firstDifference == nil,
                "\(campaign): first difference at \(String(describing: firstDifference))")
        }
        let report = try #require(outcome.report.files.first)
        #expect(report.rowsAccepted == 12_000)
        #expect(report.fieldsSanitized == sanitized)
    }

    /// A source that gives numbered blocks, then fails (or ends).
    final class CountingSource: ByteSource {
        let blocks: Int
        let failure: IngestError?
        private(set) var given = 0
        var bytesFromDisk: Int64 { Int64(given * 10) }

        init(blocks: Int, failure: IngestError?) {
            self.blocks = blocks
            self.failure = failure
        }

        func read(into buffer: inout [UInt8]) throws(IngestError) -> Bool {
            if given == blocks {
                if let failure { throw failure }
                buffer.removeAll()
                return false
            }
            buffer = [UInt8](repeating: UInt8(given % 256), count: 1 + given % 5)
            given += 1
            return true
        }
    }

    @Test(arguments: [false, true])
    func readingAheadKeepsBlocksThenTheError(fails: Bool) throws {
        let failure = IngestError(.gzipCorrupt, "broken", file: "x.gz")
        let source = PrefetchingSource(base: CountingSource(blocks: 300, failure: fails ? failure : nil))
        var buffer: [UInt8] = []
        var seen = 0
        do {
            while try source.read(into: &buffer) {
                #expect(buffer == [UInt8](repeating: UInt8(seen % 256), count: 1 + seen % 5))
                seen += 1
                #expect(source.bytesFromDisk == Int64(seen * 10))
            }
            #expect(!fails, "the error must not be lost")
        } catch {
            #expect(fails && error.code == .gzipCorrupt)
        }
        #expect(seen == 300)
        #expect(buffer.isEmpty || fails)
    }

    /// A consumer that stops early lets the reading-ahead thread go: the base source is released.
    @Test func droppingTheSourceStopsTheThread() async throws {
        weak var base: CountingSource?
        do {
            let counting = CountingSource(blocks: 1_000_000, failure: nil)
            base = counting
            let source = PrefetchingSource(base: counting)
            var buffer: [UInt8] = []
            _ = try source.read(into: &buffer)
        }
        for _ in 0..<200 where base != nil { try await Task.sleep(for: .milliseconds(10)) }
        #expect(base == nil)
        #expect((base?.given ?? 0) < 1_000_000)
    }
}
