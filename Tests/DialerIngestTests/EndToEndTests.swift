import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// The executable on the bundled fixtures, compared line by line with `fixtures/expected/`.
@Suite struct EndToEndTests {
    static let goodFixtures = [
        "fixtures/campaigns.csv", "fixtures/csv-utf8-bom.csv", "fixtures/excel-es-cp1252.csv",
        "fixtures/nightly-multimember.csv.gz", "fixtures/excel-unicode-utf16.txt",
    ]
    static let badFixtures: [(file: String, code: String)] = [
        ("fixtures/bad/truncated.csv.gz", "gzip-truncated"),
        ("fixtures/bad/unterminated-quote.csv", "unterminated-quote"),
        ("fixtures/bad/binary-junk.csv", "binary-file"),
        ("fixtures/bad/empty.csv", "empty-file"),
        ("fixtures/bad/header-only.csv", "no-data-rows"),
    ]
    static var expected: String { Tool.fixtures.appendingPathComponent("expected").path }

    func expectedChunks(prefix: String? = nil) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Self.expected)
            .filter { $0.hasSuffix(".txt") && (prefix.map($0.hasPrefix) ?? true) }.sorted()
    }

    func decodeReport(_ path: String) throws -> RunReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func allFixturesGiveTheExpectedChunksAndRejects() throws {
        let temp = try TemporaryDirectory()
        let result = try Tool.run(
            [
                "validate", "--config", "fixtures/config.yaml", "--output-dir", temp.file("out"), "--report",
                temp.file("report.json"),
            ] + Self.goodFixtures)
        #expect(result.status == 0, "\(result.stderr)")
        let produced = try temp.chunks(in: "out")
        #expect(produced == (try expectedChunks()))
        for name in produced {
            let got = try readLines(temp.file("out/\(name)"))
            let want = try readLines(Self.expected + "/" + name)
            #expect(got == want, "chunk \(name) differs")
            #expect(got.last == "", "chunk \(name) must end with a newline")
            for line in got.dropLast() {
                #expect(line.split(separator: ";", omittingEmptySubsequences: false).count == 6, "\(line)")
            }
        }
        #expect(try readLines(temp.file("report.rejects.csv")) == (try readLines(Self.expected + "/rejects.csv")))

        let report = try decodeReport(temp.file("report.json"))
        #expect(report.files.count == Self.goodFixtures.count)
        for file in report.files {
            #expect(file.status == .ok)
            #expect(file.rowsRead == file.rowsAccepted + file.rowsRejected, "\(file.path)")
            #expect(file.sha256?.count == 64)
        }
        #expect(report.totals.rowsRead == report.totals.rowsAccepted + report.totals.rowsRejected)
        let lines = try produced.map { try readLines(temp.file("out/\($0)")).count - 1 }.reduce(0, +)
        #expect(lines == report.totals.rowsAccepted)
        #expect(report.uploads.map(\.rows).reduce(0, +) == report.totals.rowsAccepted)
        let rejectRows = try readLines(temp.file("report.rejects.csv")).dropFirst().filter { !$0.isEmpty }
        #expect(rejectRows.count == report.totals.rowsRejected)
        #expect(report.files.map(\.encoding) == ["utf-8", "utf-8-bom", "windows-1252", "utf-8", "utf-16le"])
        #expect(result.stderr.contains("total: 5 files"))
    }

    @Test(arguments: goodFixtures)
    func eachFixtureAloneGivesItsExpectedChunks(_ fixture: String) throws {
        let temp = try TemporaryDirectory()
        let result = try Tool.run(["validate", "-c", "fixtures/config.yaml", "--output-dir", temp.file("out"), fixture])
        #expect(result.status == 0, "\(result.stderr)")
        let stem = ChunkName.stem(ofPath: fixture) + "_"
        let produced = try temp.chunks(in: "out")
        #expect(!produced.isEmpty)
        #expect(produced == (try expectedChunks(prefix: stem)))
        for name in produced {
            #expect(try readLines(temp.file("out/\(name)")) == (try readLines(Self.expected + "/" + name)))
        }
    }

    @Test(arguments: badFixtures)
    func badFixturesFailWithTheirCodeAndWriteNoChunk(_ bad: (file: String, code: String)) throws {
        let temp = try TemporaryDirectory()
        let result = try Tool.run(
            ["run", "--dry-run", "-c", "fixtures/config.yaml", "--output-dir", temp.file("out"), bad.file])
        #expect(result.status == 65)
        #expect(result.stderr.contains(bad.file), "\(result.stderr)")
        #expect(result.stderr.contains("[\(bad.code)]"), "\(result.stderr)")
        #expect(try temp.chunks(in: "out").isEmpty)
        let report = try decodeReport(temp.file("out/report.json"))
        #expect(report.files.first?.status == .failed)
        #expect(report.files.first?.error?.code.rawValue == bad.code)
    }

    @Test func aBadFileDoesNotStopTheOthers() throws {
        let temp = try TemporaryDirectory()
        let result = try Tool.run(
            [
                "validate", "-c", "fixtures/config.yaml", "--output-dir", temp.file("out"),
                "fixtures/bad/truncated.csv.gz",
                "fixtures/csv-utf8-bom.csv", "fixtures/no-such-file.csv",
            ])
        #expect(result.status == 65)
        #expect(result.stderr.contains("fixtures/no-such-file.csv: FAILED: no such file [file-not-found]"))
        #expect(try temp.chunks(in: "out") == (try expectedChunks(prefix: "csv-utf8-bom_")))
    }

    /// Many batches through the staged reader: every row in file order, then an error past the first
    /// batches still fails the whole file with its line, and nothing of it survives.
    @Test func aLongFileKeepsItsOrderAndALateErrorFailsItWhole() throws {
        let temp = try TemporaryDirectory()
        let rows = (0..<9_000).map { String(format: "09%d%06d,lead %d\n", 1 + $0 % 9, $0, $0) }.joined()
        let good = try temp.write("long.csv", "telefono,nombre\n" + rows)
        let bad = try temp.write("long-bad.csv", "telefono,nombre\n" + rows + "098344484,\"never closed\n")
        let config = try temp.write("config.yaml", "campaign: X\nupload:\n  chunk_rows: 100000\n")
        let result = try Tool.run(["validate", "-c", config, "--output-dir", temp.file("out"), good, bad])
        #expect(result.status == 65)
        #expect(result.stderr.contains("long-bad.csv: FAILED (line 9002)"), "\(result.stderr)")
        #expect(result.stderr.contains("[unterminated-quote]"), "\(result.stderr)")
        let chunks = try temp.chunks(in: "out")
        #expect(chunks.count == 1 && chunks.first?.hasPrefix("long_") == true, "\(chunks)")
        let lines = try readLines(temp.file("out/\(chunks.first ?? "")")).dropLast()
        #expect(lines.count == 9_000)
        let names = lines.map { $0.split(separator: ";", omittingEmptySubsequences: false)[2] }
        #expect(names == (0..<9_000).map { "nombre=lead \($0)"[...] })
    }

    @Test func aFileOverTheRejectRatioSendsNothing() throws {
        let temp = try TemporaryDirectory()
        let leads = try temp.write("mostly-bad.csv", "telefono,nombre\n098344484,A\n123,B\n456,C\n")
        let config = try temp.write("config.yaml", "campaign: X->\nlimits:\n  max_reject_ratio: 0.5\n")
        let result = try Tool.run(["validate", "-c", config, "--output-dir", temp.file("out"), leads])
        #expect(result.status == 65)
        #expect(result.stderr.contains("67% of the rows were rejected"), "\(result.stderr)")
        #expect(try temp.chunks(in: "out").isEmpty)
        let staging = try FileManager.default.contentsOfDirectory(atPath: temp.file("out"))
        #expect(staging.sorted() == ["report.json", "report.rejects.csv"])
    }

    @Test func chunkLimitsSplitAGroup() throws {
        let temp = try TemporaryDirectory()
        let config = try temp.write("config.yaml", "campaign: Ventas->\nupload:\n  chunk_rows: 7\n")
        let result = try Tool.run(
            ["validate", "-c", config, "--output-dir", temp.file("out"), "fixtures/nightly-multimember.csv.gz"])
        #expect(result.status == 0, "\(result.stderr)")
        let chunks = try temp.chunks(in: "out")
        #expect(chunks.count == 9)
        #expect(chunks.last?.hasSuffix("_0009.txt") == true)
        var all: [String] = []
        for name in chunks {
            let lines = try readLines(temp.file("out/\(name)")).dropLast()
            #expect(lines.count <= 7)
            all += lines
        }
        let whole = try readLines(Self.expected + "/" + (try expectedChunks(prefix: "nightly-multimember_")[0]))
        #expect(all == Array(whole.dropLast()))
    }

    @Test func unknownConfigKeyIsAConfigError() throws {
        let temp = try TemporaryDirectory()
        let config = try temp.write("config.yaml", "campaign: X->\nupload:\n  chunk_rowz: 10\n")
        let result = try Tool.run(["validate", "-c", config, "fixtures/campaigns.csv"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("unknown config key 'upload.chunk_rowz'"), "\(result.stderr)")
        #expect(result.stderr.contains("config.yaml:3"), "\(result.stderr)")
    }

    @Test func unknownColumnNamesTheFileAndColumn() throws {
        let temp = try TemporaryDirectory()
        let config = try temp.write("config.yaml", "campaign: X->\ncolumns:\n  number: Celu\n")
        let result = try Tool.run(["validate", "-c", config, "fixtures/campaigns.csv"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("fixtures/campaigns.csv"))
        #expect(result.stderr.contains("the number column 'Celu' is not in the header"), "\(result.stderr)")
    }

    @Test func noFilesIsAUsageError() throws {
        let result = try Tool.run(["validate", "-c", "fixtures/config.yaml"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("name at least one lead file"))
    }

    @Test func initDraftsAConfigThatWorks() throws {
        let temp = try TemporaryDirectory()
        let draft = try Tool.run(["init", "fixtures/excel-es-cp1252.csv", "--campaign", "Ventas->"])
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.stdout.contains("encoding windows-1252, delimiter ;"), "\(draft.stdout)")
        #expect(draft.stdout.contains("number: \"Teléfono\""))
        #expect(draft.stdout.contains("alternatives: [\"Celular\"]"))
        let config = try temp.write("drafted.yaml", draft.stdout)
        let result = try Tool.run(
            ["validate", "-c", config, "--output-dir", temp.file("out"), "fixtures/excel-es-cp1252.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try temp.chunks(in: "out") == (try expectedChunks(prefix: "excel-es-cp1252_")))
    }
}
