import Foundation
import PhoneNumbers
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

@Suite("Chunk spool")
struct ChunkSpoolTests {
    private final class Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("di-spool-\(UUID().uuidString)").path
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func contents() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
    }

    private static func lines(_ count: Int, width: Int = 10) -> [[UInt8]] {
        (0..<count).map { index in
            let text = String(index)
            return Array((String(repeating: "x", count: width - 1 - text.count) + text + "\n").utf8)
        }
    }

    private static func read(_ chunk: SpooledChunk) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: chunk.path)))
    }

    @Test(arguments: [(1, 7), (3, 7), (3, 9), (5, 3), (10, 10)])
    func rowLimitIsExact(_ maxRows: Int, _ count: Int) throws {
        let folder = Folder()
        let spool = try ChunkSpool(
            directory: folder.path, stagingName: ".staging-0", maxRows: maxRows, maxBytes: 1 << 20)
        let lines = Self.lines(count)
        for line in lines { try spool.append(line[...], campaign: "Ventas", zone: nil) }
        let chunks = try spool.finish(stem: "leads", sha256: "ab12cd34ef")
        let expectedRows = stride(from: 0, to: count, by: maxRows).map { min(maxRows, count - $0) }
        #expect(chunks.map(\.rows) == expectedRows)
        #expect(chunks.map(\.bytes) == expectedRows.map { $0 * 10 })
        #expect(try chunks.flatMap(Self.read) == lines.flatMap { $0 })
        #expect(
            chunks.map(\.filename)
                == chunks.indices.map {
                    ChunkName.make(stem: "leads", sha256: "ab12cd34ef", campaign: "Ventas", zone: nil, index: $0 + 1)
                })
        #expect(folder.contents() == chunks.map(\.filename).sorted())
    }

    @Test(arguments: [(29, 2), (30, 3), (31, 3), (1024, 102)])
    func byteLimitIsExact(_ maxBytes: Int, _ perChunk: Int) throws {
        let folder = Folder()
        let spool = try ChunkSpool(directory: folder.path, stagingName: ".s", maxRows: 1000, maxBytes: maxBytes)
        let lines = Self.lines(250)
        for line in lines { try spool.append(line[...], campaign: "C", zone: "America/Montevideo") }
        let chunks = try spool.finish(stem: "f", sha256: "00")
        #expect(chunks.allSatisfy { $0.bytes <= maxBytes && $0.endpoint == "uploadbasewithtimezone" })
        #expect(chunks.dropLast().allSatisfy { $0.rows == perChunk })
        #expect(chunks.map(\.rows).reduce(0, +) == 250)
        #expect(try chunks.flatMap(Self.read) == lines.flatMap { $0 })
    }

    @Test func groupsAreSeparateAndOrderedByFirstAppearance() throws {
        let folder = Folder()
        let spool = try ChunkSpool(directory: folder.path, stagingName: ".s", maxRows: 2, maxBytes: 1 << 20)
        let lines = Self.lines(5)
        for (index, campaign) in ["B", "A", "B", "B", "A"].enumerated() {
            try spool.append(lines[index][...], campaign: campaign, zone: nil)
        }
        let chunks = try spool.finish(stem: "f", sha256: "ffffffff")
        #expect(chunks.map(\.campaign) == ["B", "B", "A"])
        #expect(chunks.map(\.rows) == [2, 1, 2])
        #expect(chunks.map(\.filename) == ["f_ffffffff_B_0001.txt", "f_ffffffff_B_0002.txt", "f_ffffffff_A_0001.txt"])
        #expect(chunks.allSatisfy { $0.endpoint == "uploadbase" && $0.timezone == nil })
        #expect(try Self.read(chunks[2]) == lines[1] + lines[4])
    }

    @Test func discardLeavesNoFile() throws {
        let folder = Folder()
        let spool = try ChunkSpool(directory: folder.path, stagingName: ".staging-3", maxRows: 2, maxBytes: 1 << 20)
        for line in Self.lines(5) { try spool.append(line[...], campaign: "A", zone: nil) }
        #expect(folder.contents() == [".staging-3"])
        spool.discard()
        #expect(folder.contents().isEmpty)
    }

    /// With `numbers`, each chunk's numbers file holds each line's number in line order, also after the
    /// end-of-file duplicate pass dropped lines from it (and a chunk it emptied goes with its numbers).
    @Test func eachChunksNumbersFollowItsLinesThroughTheDuplicatePass() throws {
        let folder = Folder()
        let spool = try ChunkSpool(
            directory: folder.path, stagingName: ".staging-0", maxRows: 4, maxBytes: 1 << 20, numbers: true)
        let lines = Self.lines(11)
        // Lines 1, 2, 5 and 9 carry deferred-duplicate ordinals; 1 and 2 and 9 turn out duplicates.
        let ordinals = [1: 0, 2: 1, 5: 2, 9: 3]
        for (index, line) in lines.enumerated() {
            try spool.append(
                line[...], number: UInt64(1000 + index), source: index + 2, campaign: "V", zone: nil,
                ordinal: ordinals[index])
        }
        let removed = try spool.removeLines(where: { [0, 1, 3].contains($0) })
        #expect(removed == 3)
        let chunks = try spool.finish(stem: "leads", sha256: "ab12cd34ef")
        let kept = (0..<11).filter { ![1, 2, 9].contains($0) }
        var seen: [UInt64] = []
        for chunk in chunks {
            let numbersFile = try #require(chunk.numbers)
            let entries = try SpillReader.readAll(path: numbersFile)
            #expect(entries.count == 2 * chunk.rows)
            let numbers = stride(from: 0, to: entries.count, by: 2).map { entries[$0] }
            let sources = stride(from: 1, to: entries.count, by: 2).map { entries[$0] }
            let text = String(decoding: try Self.read(chunk), as: UTF8.self)
            let indexes = text.split(separator: "\n").map { Int($0.drop { $0 == "x" })! }
            #expect(numbers == indexes.map { UInt64(1000 + $0) })
            #expect(sources == indexes.map { UInt64($0 + 2) })
            #expect(try chunk.sortedNumbers() == numbers.sorted())
            seen += numbers
        }
        #expect(seen == kept.map { UInt64(1000 + $0) })
        #expect(folder.contents().filter { $0.hasPrefix(".") } == [".staging-0.numbers"])
    }

    /// Lines named by their index in their chunk (the ledger check's removals) go with their numbers; a chunk
    /// they empty goes too, and the others keep their order.
    @Test func linesGoByTheirIndexInTheirChunk() throws {
        let folder = Folder()
        let spool = try ChunkSpool(
            directory: folder.path, stagingName: ".staging-0", maxRows: 4, maxBytes: 1 << 20, numbers: true)
        for (index, line) in Self.lines(10).enumerated() {
            try spool.append(line[...], number: UInt64(1000 + index), source: index + 2, campaign: "V", zone: nil)
        }
        let files = try spool.numberFiles()
        #expect(files.map(\.rows) == [4, 4, 2])
        // Lines 0 and 3 of the first chunk, all of the second, none of the third.
        let removed = try spool.removeLines(at: [(0, 0, [0, 3]), (0, 1, [0, 1, 2, 3])])
        #expect(removed == 6)
        let chunks = try spool.finish(stem: "leads", sha256: "ab12cd34ef")
        #expect(chunks.map(\.rows) == [2, 2])
        var seen: [Int] = []
        for chunk in chunks {
            let text = String(decoding: try Self.read(chunk), as: UTF8.self)
            let indexes = text.split(separator: "\n").map { Int($0.drop { $0 == "x" })! }
            let entries = try SpillReader.readAll(path: try #require(chunk.numbers))
            #expect(entries == indexes.flatMap { [UInt64(1000 + $0), UInt64($0 + 2)] })
            seen += indexes
        }
        #expect(seen == [1, 2, 8, 9])
    }
}
