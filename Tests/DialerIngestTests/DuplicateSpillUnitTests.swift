import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// The pieces of the deferred duplicate check: spill files, partitions, the pair table, the bitmap, and the
/// chunk rewrite.
@Suite struct DuplicateSpillUnitTests {
    @Test func spillReaderReadsValuesAndLinesAcrossItsBufferEnds() throws {
        let temp = try TemporaryDirectory()
        let file = try SpillFile(path: temp.file("s.bin"), bufferSize: 5)
        try file.append(UInt64(0x0102_0304_0506_0708))
        try file.append(UInt32(0xAABB_CCDD))
        try file.append(Array("first line\nsecond\nno newline".utf8)[...])
        try file.finish()
        let reader = try SpillReader(path: temp.file("s.bin"), bufferSize: 3)
        #expect(try reader.nextUInt64() == 0x0102_0304_0506_0708)
        #expect(try reader.nextUInt32() == 0xAABB_CCDD)
        var line: [UInt8] = []
        var lines: [String] = []
        while try reader.nextLine(into: &line) { lines.append(String(decoding: line, as: UTF8.self)) }
        #expect(lines == ["first line\n", "second\n", "no newline"])
        #expect(try reader.nextUInt64() == nil)
    }

    @Test func partitionsKeepEarlierEntriesAndForgetADiscardedFile() throws {
        let temp = try TemporaryDirectory()
        var partitions = try KeyPartitions(directory: temp.path, count: 4, bufferSize: 32)
        for key in UInt64(1)...40 { try partitions.append(key: key, campaign: 1, ordinal: key) }
        try partitions.commit()
        for key in UInt64(41)...60 { try partitions.append(key: key, campaign: 2, ordinal: key - 41) }
        try partitions.discard()
        for key in UInt64(30)...45 { try partitions.append(key: key, campaign: 3, ordinal: key - 30) }
        var earlier: [UInt64] = []
        var current: [KeyPartitions.Entry] = []
        for index in 0..<partitions.count {
            try partitions.forEach(in: index) { (entry) throws(IngestError) in
                if entry.current { current.append(entry) } else { earlier.append(entry.key) }
                #expect(partitions.partition(of: entry.key) == index)
            }
        }
        #expect(earlier.sorted() == Array(1...40))
        #expect(current.map(\.key).sorted() == Array(30...45))
        #expect(current.allSatisfy { $0.campaign == 3 && $0.ordinal == $0.key - 30 })
        // Within a partition the current file's entries keep their order.
        for index in 0..<partitions.count {
            var ordinals: [UInt64] = []
            try partitions.forEach(in: index) { (entry) throws(IngestError) in
                if entry.current { ordinals.append(entry.ordinal) }
            }
            #expect(ordinals == ordinals.sorted())
        }
        #expect(Set((1...60).map { partitions.partition(of: UInt64($0)) }).count == 4, "keys spread")
    }

    @Test func keyTableTellsPairsApartAndGrows() {
        var table = KeyTable(expected: 1)
        var fresh = 0
        for key in UInt64(1)...5000 where table.insert(key, campaign: 0) { fresh += 1 }
        #expect(fresh == 5000)
        let answers = [table.insert(77, campaign: 0), table.insert(77, campaign: 1), table.insert(77, campaign: 1)]
        #expect(answers == [false, true, false])
        #expect(table.count == 5001)
    }

    @Test func bitmapCountsEachOrdinalOnce() {
        var bitmap = DuplicateBitmap(count: 130)
        for ordinal in [0, 63, 64, 129, 64] { bitmap.set(ordinal) }
        #expect(bitmap.setCount == 4)
        #expect((0..<130).filter { bitmap[$0] } == [0, 63, 64, 129])
        #expect(!bitmap[500])
    }

    /// The filter never forgets a pair, and on 100,000 numbers rarely claims one it never saw.
    @Test func seenFilterHasNoFalseNegativesAndFewFalsePositives() {
        let filter = SeenFilter()
        var random = SplitMix(state: 3)
        let keys = (0..<100_000).map { _ in UInt64(random.next(1 << 40)) + 1 }
        for key in keys { _ = filter.insert(key, campaign: 0) }
        #expect(keys.allSatisfy { filter.insert($0, campaign: 0) })
        let strangers = (0..<100_000).map { _ in UInt64(random.next(1 << 40)) + (1 << 41) }
        let claimed = strangers.filter { filter.insert($0, campaign: 7) }.count
        #expect(claimed < 1_000, "\(claimed) false positives")
    }

    /// The check itself, library level: the switch happens mid-file, later copies are found at the end.
    @Test func switchingMidFileFindsTheLaterCopies() throws {
        let temp = try TemporaryDirectory()
        let rejects = try RejectsWriter(path: temp.file("rejects.csv"))
        let check = DuplicateCheck(budget: 4, directory: temp.file("spill"))
        var record = CSVRecord()
        record.bytes = Array("x".utf8)
        record.fieldEnds = [1]
        // Keys 1...6 then 2, 6 again, then 3 in another campaign: the switch comes at the fifth key.
        let keys: [(UInt64, String)] = [
            (1, "V"), (2, "V"), (3, "V"), (4, "V"), (5, "V"), (6, "V"), (2, "V"), (6, "V"), (3, "C"),
        ]
        var admissions: [DuplicateCheck.Admission] = []
        for (index, (key, campaign)) in keys.enumerated() {
            record.line = index + 2
            var gaveText = false
            let admission = try check.admit(key, campaign: try check.campaignNumber(campaign)) {
                (keep) throws(IngestError) in
                gaveText = true
                try record.withFields(keep)
            }
            // The check asks for a row's text exactly when it defers its verdict.
            if case .kept(ordinal: .some) = admission { #expect(gaveText) } else { #expect(!gaveText) }
            admissions.append(admission)
        }
        #expect(check.isDeferred)
        #expect(admissions.prefix(4).allSatisfy { $0 == .kept(ordinal: nil) })
        // After the switch only rows the filter may have seen wait for the end of the file (2 and 6 again);
        // new numbers (5, 6, and 3 in campaign C) are kept at once.
        #expect(
            Array(admissions.dropFirst(4)) == [
                .kept(ordinal: nil), .kept(ordinal: nil), .kept(ordinal: 0), .kept(ordinal: 1), .kept(ordinal: nil),
            ])
        let late = try check.resolveFile(path: "f.csv") { (fields, campaign) throws(IngestError) in
            try rejects.write(
                file: "f.csv", line: fields.line, reason: .duplicate,
                detail: "the number is already in campaign \(campaign)", record: fields, delimiter: 0x2C)
        }
        #expect(late.setCount == 2)
        #expect((0..<2).filter { late[$0] } == [0, 1])
        try check.commit()
        try rejects.close()
        let rows = try readLines(temp.file("rejects.csv")).filter { $0.contains("duplicate") }
        #expect(
            rows == [
                "f.csv,8,duplicate,the number is already in campaign V,x",
                "f.csv,9,duplicate,the number is already in campaign V,x",
            ])
        check.remove()
        #expect(!FileManager.default.fileExists(atPath: temp.file("spill")))
    }

    /// A spooled record gives the rejects CSV the `raw` cell the whole record gives, even past the cut.
    @Test(arguments: [10, 4095, 4096, 4097, 9000])
    func rawSpoolKeepsWhatTheRejectsShow(longField: Int) throws {
        let temp = try TemporaryDirectory()
        var record = CSVRecord()
        for field in ["098344484", String(repeating: "ñ,\"", count: longField / 4), "tail"] {
            record.bytes += Array(field.utf8)
            record.fieldEnds.append(record.bytes.count)
        }
        record.line = 12
        let spool = try RawSpool(path: temp.file("raw.bin"))
        try CSVRecord().withFields { (fields) throws(IngestError) in
            try spool.append(line: 11, campaign: 0, record: fields)
        }
        try record.withFields { (fields) throws(IngestError) in try spool.append(line: 12, campaign: 5, record: fields)
        }
        let direct = try RejectsWriter(path: temp.file("direct.csv"))
        try record.withFields { (fields) throws(IngestError) in
            try direct.write(file: "f", line: 12, reason: .duplicate, detail: "d", record: fields, delimiter: 0x2C)
        }
        try direct.close()
        let spooled = try RejectsWriter(path: temp.file("spooled.csv"))
        var campaigns: [UInt32] = []
        try spool.forEach(where: { $0 == 1 }) { (campaign, back) throws(IngestError) in
            campaigns.append(campaign)
            try back.withFields { (fields) throws(IngestError) in
                try spooled.write(
                    file: "f", line: back.line, reason: .duplicate, detail: "d", record: fields, delimiter: 0x2C)
            }
        }
        try spooled.close()
        #expect(campaigns == [5])
        #expect(try readLines(temp.file("spooled.csv")) == (try readLines(temp.file("direct.csv"))))
        spool.remove()
    }

    @Test func chunksLoseTheirDuplicateLinesAndEmptyChunksGo() throws {
        let temp = try TemporaryDirectory()
        let spool = try ChunkSpool(directory: temp.path, stagingName: ".staging-0", maxRows: 2, maxBytes: 1 << 20)
        // Line 0 is decided in memory; 1...5 are tagged with ordinals 0...4; 2 and 3 (one whole chunk) are duplicates.
        try spool.append(Array("V;0\n".utf8)[...], campaign: "V", zone: nil)
        for ordinal in 0..<5 {
            try spool.append(Array("V;\(ordinal + 1)\n".utf8)[...], campaign: "V", zone: nil, ordinal: ordinal)
        }
        #expect(try spool.removeLines(where: { $0 == 2 || $0 == 3 }) == 2)
        let chunks = try spool.finish(stem: "f", sha256: "0123456789abcdef")
        #expect(chunks.map(\.rows) == [2, 1, 1])
        let lines = try chunks.flatMap { try readLines($0.path).dropLast() }
        #expect(lines == ["V;0", "V;1", "V;2", "V;5"])
        #expect(chunks.map(\.bytes) == [8, 4, 4])
        let left = try FileManager.default.contentsOfDirectory(atPath: temp.path).sorted()
        #expect(left == chunks.map(\.filename).sorted())
    }

    @Test func theBudgetIsAConfigKey() throws {
        let temp = try TemporaryDirectory()
        let good = try temp.write("good.yaml", "campaign: V\nlimits:\n  duplicate_keys_in_memory: 50\n")
        #expect(try IngestConfig.load(path: good).limits.duplicateKeysInMemory == 50)
        let bad = try temp.write("bad.yaml", "campaign: V\nlimits:\n  duplicate_keys_in_memory: 0\n")
        let error = ingestError { _ = try IngestConfig.load(path: bad) }
        #expect(error?.code == .configInvalid)
        #expect(error?.message.contains("limits.duplicate_keys_in_memory") == true)
    }
}
