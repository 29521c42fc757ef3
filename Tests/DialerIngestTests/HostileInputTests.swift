import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// Inputs built to exhaust memory or time, generated on the fly (streamed to disk, never held whole): the
/// child's error, its peak memory (`wait4` → `ru_maxrss`) and a wall-time bound generous for a busy machine.
@Suite(.serialized) struct HostileInputTests {
    /// Far above the tool's working set (1 MiB blocks, one record), far below the inputs.
    static let memoryBoundMiB = 160
    static let timeBoundSeconds = 60.0

    /// Writes `header`, then `body` `count` times, in blocks.
    func generate(_ path: String, header: String, body: [UInt8], count: Int, trailer: String = "") throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(header.utf8))
        let block = Data(body)
        for _ in 0..<count { try handle.write(contentsOf: block) }
        try handle.write(contentsOf: Data(trailer.utf8))
    }

    @Test func a200MBSingleLineIsRefusedInBoundedMemory() throws {
        let temp = try TemporaryDirectory()
        let leads = temp.file("one-line.csv")
        try generate(leads, header: "telefono,nombre\n", body: [UInt8](repeating: 0x41, count: 1 << 20), count: 200)
        let run = try MeasuredRun.run(
            [
                "validate", "-c", Tool.packageRoot.path + "/fixtures/config.yaml", "--output-dir", temp.file("out"),
                leads,
            ],
            in: temp)
        #expect(run.status == 65)
        #expect(run.stderr.contains("FAILED (line 2): record is longer than 1048576 bytes"), "\(run.stderr)")
        #expect(run.stderr.contains("[record-too-large]"))
        #expect(run.peakMiB < Self.memoryBoundMiB, "peak \(run.peakMiB) MiB")
        #expect(run.seconds < Self.timeBoundSeconds)
    }

    /// Rows just under `max_record_bytes`, many of them: the reading and normalising threads hold a few
    /// batches at a time, and a batch stops taking records at its byte budget, so memory stays bounded.
    @Test func manyNearLimitRowsStayInBoundedMemory() throws {
        let temp = try TemporaryDirectory()
        let leads = temp.file("wide.csv")
        var row = Array("098344484,".utf8) + [UInt8](repeating: 0x41, count: 900_000) + [0x0A]
        row.replaceSubrange(4..<9, with: Array("00000".utf8))  // the same (valid) number: duplicates after the first
        try generate(leads, header: "telefono,nombre\n", body: row, count: 160)  // 144 MB: held whole, ~350 MiB
        let run = try MeasuredRun.run(
            [
                "validate", "-c", Tool.packageRoot.path + "/fixtures/config.yaml", "--output-dir", temp.file("out"),
                leads,
            ],
            in: temp)
        // 159 duplicates put the file over the reject ratio: its one good row is held back with it.
        #expect(run.stderr.contains("160 rows, 0 accepted, 159 rejected, 1 held back"), "\(run.stderr)")
        #expect(run.peakMiB < 200, "peak \(run.peakMiB) MiB")  // a few batches, per-thread malloc arenas
        #expect(run.seconds < Self.timeBoundSeconds)
    }

    @Test(.tags(.slow)) func aMillionDoubledQuotesParseInLinearTime() throws {
        let temp = try TemporaryDirectory()
        let leads = temp.file("quotes.csv")
        // One quoted field of 10^6 doubled quotes (2 MB on disk, 1 MB of text, under the 1 MiB default limit).
        try generate(
            leads, header: "telefono,nombre\n098344484,Ana\n098344485,\"", body: Array("\"\"".utf8), count: 1_000_000,
            trailer: "\"\n098344486,Bo\n")
        let run = try MeasuredRun.run(
            [
                "validate", "-c", Tool.packageRoot.path + "/fixtures/config.yaml", "--output-dir", temp.file("out"),
                leads,
            ],
            in: temp)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("3 rows, 3 accepted"), "\(run.stderr)")
        #expect(run.seconds < Self.timeBoundSeconds)
        #expect(run.peakMiB < Self.memoryBoundMiB, "peak \(run.peakMiB) MiB")
        let chunk = try #require(try temp.chunks(in: "out").first)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: temp.file("out/" + chunk)))
        #expect(bytes.filter { $0 == 0x22 }.count == 1_000_000, "every doubled quote became one quote")

        // Over a lower limit the same record is refused, naming the line it starts on.
        let config = try temp.write("config.yaml", "campaign: X->\nlimits:\n  max_record_bytes: 500000\n")
        let strict = try MeasuredRun.run(
            ["validate", "-c", config, "--output-dir", temp.file("strict"), leads], in: temp)
        #expect(strict.status == 65)
        #expect(strict.stderr.contains("FAILED (line 3)"), "\(strict.stderr)")
        #expect(strict.stderr.contains("[record-too-large]"))
    }

    @Test(.tags(.slow)) func aGzipBombIsStoppedByTheRatioLimit() throws {
        let temp = try TemporaryDirectory()
        let bomb = temp.file("bomb.csv.gz")
        // 64 MiB of blank lines compress about 1000:1 (to ~64 KB); gzip streams them, nothing is held.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = [
            "-c", "{ printf 'telefono\\n'; head -c 67108864 /dev/zero | tr '\\0' '\\n'; } | gzip -c > '\(bomb)'",
        ]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        let config = try temp.write("config.yaml", "campaign: X->\nlimits:\n  max_gzip_ratio: 100\n")
        let run = try MeasuredRun.run(["validate", "-c", config, "--output-dir", temp.file("out"), bomb], in: temp)
        #expect(run.status == 65)
        #expect(run.stderr.contains("inflates more than 100x its size"), "\(run.stderr)")
        #expect(run.stderr.contains("[gzip-bomb]"))
        #expect(run.peakMiB < Self.memoryBoundMiB, "peak \(run.peakMiB) MiB")
        #expect(run.seconds < Self.timeBoundSeconds)
        #expect(try temp.chunks(in: "out").isEmpty)
    }
}
