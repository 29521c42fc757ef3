import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// The bad-input corpus through the executable: each file fails with a clear code (and line where there is
/// one) and writes no chunk, or loses exactly the broken rows to the rejects with their line.
@Suite struct BadInputTests {
    static let failingFixtures: [(file: String, code: String, line: Int?)] = [
        ("fixtures/bad/bom-only.csv", "empty-file", nil),
        ("fixtures/bad/empty.csv.gz", "gzip-corrupt", nil),
        ("fixtures/bad/nul-bytes.csv", "binary-file", 3),
    ]

    /// Files that load, with the broken rows rejected: (file, line, reason) of every reject, rows accepted.
    static let rejectingFixtures: [(file: String, rejects: [String], accepted: Int)] = [
        ("fixtures/bad/invalid-utf8-middle.csv", ["3,invalid-encoding"], 2),
        // A lone CR ends a line (classic Mac files); the row after it is on line 3.
        ("fixtures/bad/lone-cr.csv", ["3,invalid-number"], 2),
        // Sniffed ';' from the header and most rows; the ',' row is one cell, not a number.
        ("fixtures/bad/mixed-delimiters.csv", ["3,invalid-number"], 3),
        // Extra cells with content are rejected; extra empty cells (Excel) are not.
        ("fixtures/bad/more-fields-than-header.csv", ["3,too-many-fields"], 2),
    ]

    func report(_ path: String) throws -> RunReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test(arguments: failingFixtures)
    func aFileThatCannotBeReadFailsWithItsCode(_ bad: (file: String, code: String, line: Int?)) throws {
        let temp = try TemporaryDirectory()
        let result = try Tool.run([
            "validate", "-c", "fixtures/config.yaml", "--output-dir", temp.file("out"), bad.file,
        ])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(bad.file): FAILED"), "\(result.stderr)")
        #expect(result.stderr.contains("[\(bad.code)]"), "\(result.stderr)")
        #expect(try temp.chunks(in: "out").isEmpty)
        let file = try report(temp.file("out/report.json")).files.first
        #expect(file?.error?.code.rawValue == bad.code)
        #expect(file?.error?.line == bad.line)
    }

    @Test(arguments: rejectingFixtures)
    func brokenRowsAreRejectedWithTheirLine(_ bad: (file: String, rejects: [String], accepted: Int)) throws {
        let temp = try TemporaryDirectory()
        let result = try Tool.run([
            "validate", "-c", "fixtures/config.yaml", "--output-dir", temp.file("out"), bad.file,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try readLines(temp.file("out/report.rejects.csv")).dropFirst().filter { !$0.isEmpty }
        let found = rows.map { $0.split(separator: ",").dropFirst().prefix(2).joined(separator: ",") }
        #expect(found == bad.rejects, "\(rows)")
        #expect(rows.allSatisfy { $0.hasPrefix(bad.file + ",") })
        let file = try report(temp.file("out/report.json")).files.first
        #expect(file?.rowsAccepted == bad.accepted)
    }

    @Test func aConfiguredColumnNamedTwiceInTheHeaderIsAnError() throws {
        let temp = try TemporaryDirectory()
        let config = try temp.write("config.yaml", "campaign: X->\ncolumns:\n  number: Telefono\n")
        let result = try Tool.run(
            ["validate", "-c", config, "--output-dir", temp.file("out"), "fixtures/bad/duplicate-header.csv"])
        #expect(result.status == 65)
        #expect(
            result.stderr.contains(
                "duplicate-header.csv: FAILED (line 1): the number column 'Telefono' is in the header twice "
                    + "(columns 1 and 3)"), "\(result.stderr)")
        #expect(result.stderr.contains("[ambiguous-column]"))
        // Unnamed in the config, the same header loads: the first is the number, the second an alternative.
        let auto = try Tool.run(
            [
                "validate", "-c", "fixtures/config.yaml", "--output-dir", temp.file("auto"),
                "fixtures/bad/duplicate-header.csv",
            ])
        #expect(auto.status == 0, "\(auto.stderr)")
        #expect(auto.stderr.contains("2 accepted"), "\(auto.stderr)")
    }

    /// The opener looks for NUL in the first block it reads (1 MiB); this one is further in.
    @Test func aNULByteAfterTheFirstBlockFailsTheFileWithItsLine() throws {
        let temp = try TemporaryDirectory()
        var text = "telefono,nombre\n"
        for index in 0..<60000 { text += "0983\(String(format: "%05d", index)),Nombre \(index)\n" }
        text += "098399999,Nul\u{0}here\n098399998,Last\n"
        let leads = try temp.write("late-nul.csv", text)
        let result = try Tool.run(["validate", "-c", "fixtures/config.yaml", "--output-dir", temp.file("out"), leads])
        #expect(result.status == 65)
        #expect(result.stderr.contains("FAILED (line 60002): a NUL byte"), "\(result.stderr)")
        #expect(try temp.chunks(in: "out").isEmpty)
    }

    /// A file that fails after some good rows (here: a quote never closed) sends none of them: they are held
    /// back, not accepted, and the totals add up to the rows read.
    @Test func goodRowsOfAFailedFileAreHeldBackNotAccepted() throws {
        let temp = try TemporaryDirectory()
        let broken = try temp.write("broken.csv", "telefono,nombre\n098344484,Ana\n099123456,\"Bo\n")
        let good = try temp.write("good.csv", "telefono,nombre\n098344485,Eva\n098344486,Leo\n12,Mal\n")
        let result = try Tool.run([
            "validate", "-c", "fixtures/config.yaml", "--output-dir", temp.file("out"), broken, good,
        ])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("broken.csv: 1 rows, 0 accepted, 0 rejected, 1 held back"), "\(result.stderr)")
        let totals = "4 rows, 2 accepted, 1 rejected, 1 held back (failed files)"
        #expect(result.stderr.contains(totals), "\(result.stderr)")
        let run = try report(temp.file("out/report.json"))
        #expect(run.files.map(\.rowsHeld) == [1, 0])
        #expect(run.files.map(\.rowsAccepted) == [0, 2])
        #expect(run.totals.rowsRead == run.totals.rowsAccepted + run.totals.rowsRejected + run.totals.rowsHeld)
        #expect(run.totals.rowsAccepted == 2)
        let lines = try temp.chunks(in: "out").flatMap { name in
            try readLines(temp.file("out/" + name)).filter { !$0.isEmpty }
        }
        #expect(lines.count == run.totals.rowsAccepted)
    }

    /// More campaigns than the soft limit on open files (cron and systemd give 1024; one chunk file is open
    /// per campaign while a file is prepared): the run raises the soft limit to the hard one and loads them.
    @Test func moreCampaignsThanTheSoftOpenFileLimitLoad() throws {
        let temp = try TemporaryDirectory()
        let rows = (0..<300).map { "0983\(String(format: "%05d", $0)),Campaign \($0)" }
        let leads = try temp.write("many.csv", "telefono,campaign\n" + rows.joined(separator: "\n") + "\n")
        let yaml = """
            phone: {default_region: UY}
            columns: {number: telefono, campaign: campaign}
            upload: {username: x}

            """
        let config = try temp.write("many.yaml", yaml)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // Soft limit 128, hard limit left as it is.
        process.arguments = [
            "-c", "ulimit -Sn 128 && exec \"$0\" \"$@\"", try Tool.executable.path, "validate", "-c", config,
            "--output-dir", temp.file("out"), leads,
        ]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("300 rows, 300 accepted"), "\(stderr)")
        #expect(try temp.chunks(in: "out").count == 300)
    }

    /// A named pipe among the inputs (a stray `mkfifo` in the drop folder) fails as unreadable instead of
    /// waiting for a writer for ever; the file beside it still loads and the report is written.
    @Test(.timeLimit(.minutes(1))) func aNamedPipeAmongTheInputsFailsWithoutBlocking() throws {
        let temp = try TemporaryDirectory()
        let good = try temp.write("good.csv", "telefono,nombre\n098344484,Ana\n")
        let pipe = temp.file("pipe.csv")
        #expect(mkfifo(pipe, 0o600) == 0)
        let result = try Tool.run([
            "validate", "-c", "fixtures/config.yaml", "--output-dir", temp.file("out"), good, pipe,
        ])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("pipe.csv: FAILED: not a regular file [file-unreadable]"), "\(result.stderr)")
        let files = try report(temp.file("out/report.json")).files
        #expect(files.map(\.rowsAccepted) == [1, 0])
        #expect(try temp.chunks(in: "out").count == 1)
    }
}
