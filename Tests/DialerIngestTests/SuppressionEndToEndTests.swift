import Foundation
import Testing
import UContactSimulator

@testable import IngestCore

/// Do-not-call lists through the executable against the simulator: listed numbers never reach uContact
/// whatever their written shape, and a list too old or missing stops what it covers before anything is sent.
@Suite(.serialized) struct SuppressionEndToEndTests {
    let upload = UploadEndToEndTests()
    let endToEnd = EndToEndTests()
    static let environment = UploadEndToEndTests.environment

    func config(_ temp: borrowing TemporaryDirectory, base: URL, suppression: String, name: String = "config.yaml")
        throws -> String
    {
        try temp.write(
            name,
            """
            server:
              url: \(base.absoluteString)
            campaign: "Ventas->"
            state_dir: \(temp.file("state"))
            upload:
              username: demo
              chunk_rows: 20
              retry_base_ms: 10
              retry_max_ms: 50
              timeout_seconds: 20
            suppression:
            \(suppression)
            """)
    }

    func run(_ arguments: [String]) async throws -> Tool.Result {
        try await Tool.runDetached(arguments, environment: Self.environment)
    }

    /// Ten leads `0991000NN`, each with an alternative `0992000NN`.
    static let leads =
        "telefono,nombre,celular\n"
        + (0..<10).map { "0991000\(String(format: "%02d", $0)),Lead \($0),0992000\(String(format: "%02d", $0))\n" }
        .joined()

    @Test func listedNumbersAreRejectedWhateverTheirShape() async throws {
        let temp = try TemporaryDirectory()
        // No header; four shapes of the same kind of number, a repeat, and an entry that is no number.
        let list = try temp.write(
            "dnc.csv", "+598 99 100 001\n099 100 002\n(099) 100-002\n00598 99100003\nnot a number\n099 200 005\n")
        try await withRunningSimulator(upload.simulatorConfig(), logger: UploadEndToEndTests.quiet) { base, simulator in
            let config = try config(temp, base: base, suppression: "  - {path: \(list), scope: all, max_age_days: 31}")
            let report = temp.file("report.json")
            let result = try await run([
                "run", "-c", config, "--report", report, try temp.write("leads.csv", Self.leads),
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("10 rows, 7 accepted, 3 rejected (suppressed 3)"), "\(result.stderr)")
            #expect(result.stderr.contains("1 of 6 entries are not valid numbers (lines 5)"), "\(result.stderr)")
            let lines = receivedLines(simulator)
            #expect(lines.count == 7)
            for listed in ["99100001", "99100002", "99100003", "99200005"] {
                #expect(!lines.contains { $0.contains(listed) }, "\(listed) reached uContact")
            }
            // Lead 5's alternative is listed: it is left out of the line, the lead loads.
            #expect(lines.contains { $0.hasPrefix("Ventas->;099100005;") && !$0.contains("0992") })
            let rejected = try DedupeWindowEndToEndTests().rejects(
                temp.file("report.rejects.csv"), reason: "suppressed")
            #expect(rejected.map(\.line) == [3, 4, 5])
            #expect(rejected.allSatisfy { $0.detail == "on the suppression list \(list)" })

            let decoded = try endToEnd.decodeReport(report)
            #expect(decoded.files.first?.alternativesSuppressed == 1)
            let listed = try #require(decoded.suppression?.first)
            #expect(listed.status == "ok")
            #expect((listed.entries, listed.numbers, listed.invalid, listed.invalidLines) == (6, 4, 1, [5]))
            #expect(listed.sha256?.count == 64)
        }
    }

    @Test func aCampaignListCoversOnlyItsCampaign() async throws {
        let temp = try TemporaryDirectory()
        let list = try temp.write("cobranza.csv", "telefono\n099100001\n")
        let validate = try Tool.run(
            [
                "validate", "-c",
                try config(
                    temp, base: URL(string: "http://127.0.0.1:9")!,
                    suppression: "  - {path: \(list), scope: Cobranza->, max_age_days: 1}"),
                "--report", temp.file("ventas.json"), try temp.write("leads.csv", Self.leads),
            ], environment: Self.environment)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stderr.contains("10 rows, 10 accepted, 0 rejected"), "\(validate.stderr)")

        let cobranza = try Tool.run(
            [
                "validate", "-c",
                try config(
                    temp, base: URL(string: "http://127.0.0.1:9")!,
                    suppression: "  - {path: \(list), scope: Ventas->, max_age_days: 1, column: telefono}",
                    name: "ventas.yaml"),
                "--report", temp.file("cobranza.json"), temp.file("leads.csv"),
            ], environment: Self.environment)
        #expect(cobranza.status == 0, "\(cobranza.stderr)")
        #expect(cobranza.stderr.contains("10 rows, 9 accepted, 1 rejected (suppressed 1)"), "\(cobranza.stderr)")
    }

    /// A list may be anything a lead file may be: a workbook, a gzip of a Windows-1252 CSV.
    @Test func aListIsReadLikeALeadFile() throws {
        let temp = try TemporaryDirectory()
        let leads = "fixtures/xlsx/leads.csv"
        let text = try String(contentsOfFile: leads, encoding: .utf8)
        let folder = try TempFolder()
        try folder.write(
            "latin1.csv", [UInt8](try #require(text.data(using: .windowsCP1252, allowLossyConversion: true))))
        let gzipped = try folder.write("dnc.csv.gz", try folder.shell("/usr/bin/gzip -n -c latin1.csv"))
        func validate(_ suppression: String, name: String) throws -> RunReport {
            let config = try config(
                temp, base: URL(string: "http://127.0.0.1:9")!, suppression: suppression, name: name)
            let result = try Tool.run(
                ["validate", "-c", config, "--report", temp.file("\(name).json"), leads],
                environment: Self.environment)
            #expect(result.status == 0, "\(result.stderr)")
            return try endToEnd.decodeReport(temp.file("\(name).json"))
        }
        let none = try validate("  []", name: "none.yaml")
        // Every valid number is listed: each accepted row and each repeat of one (suppressed before it is
        // found a duplicate) is suppressed.
        let valid = try #require(none.files.first.map { $0.rowsAccepted + $0.rejectsByReason["duplicate", default: 0] })
        #expect(valid > 3)
        for (list, name) in [
            ("{path: fixtures/xlsx/leads.xlsx, max_age_days: 3660}", "xlsx.yaml"),
            ("{path: \(gzipped), max_age_days: 1, column: Telefono}", "gzip.yaml"),
        ] {
            let report = try validate("  - \(list)", name: name)
            #expect(report.files.first?.rowsAccepted == 0, "\(name)")
            #expect(report.files.first?.rejectsByReason["suppressed"] == valid, "\(name)")
            #expect(report.suppression?.first?.status == "ok")
        }
    }

    /// Rows scrubbed off are the job done, not a broken file: they do not count against the reject gate.
    @Test func aMostlySuppressedFilePassesTheRejectGate() throws {
        let temp = try TemporaryDirectory()
        let list = try temp.write("dnc.csv", "telefono\n" + (0..<8).map { "09910000\($0)\n" }.joined())
        let result = try Tool.run(
            [
                "validate", "-c",
                try config(
                    temp, base: URL(string: "http://127.0.0.1:9")!,
                    suppression: "  - {path: \(list), max_age_days: 1}"),
                "--report", temp.file("report.json"), try temp.write("leads.csv", Self.leads),
            ], environment: Self.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("10 rows, 2 accepted, 8 rejected (suppressed 8)"), "\(result.stderr)")
    }

    @Test func aStaleOrMissingListStopsItsCampaignsBeforeAnythingIsSent() async throws {
        let temp = try TemporaryDirectory()
        let stale = try temp.write("stale.csv", "099100001\n")
        // Forty days old.
        let old = Date().addingTimeInterval(-40 * 86_400)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: stale)
        try await withRunningSimulator(upload.simulatorConfig(), logger: UploadEndToEndTests.quiet) { base, simulator in
            let leads = try temp.write("leads.csv", Self.leads)
            let staleConfig = try config(
                temp, base: base, suppression: "  - {path: \(stale), scope: all, max_age_days: 31}")
            let one = try await run(["run", "-c", staleConfig, "--report", temp.file("stale.json"), leads])
            #expect(one.status == 78, "\(one.stderr)")
            #expect(one.stderr.contains("the suppression list \(stale) is 40 days old"), "\(one.stderr)")
            #expect(one.stderr.contains("[suppression-stale]"), "\(one.stderr)")
            let report = try endToEnd.decodeReport(temp.file("stale.json"))
            #expect(report.files.first?.error?.code == .suppressionStale)
            #expect(report.suppression?.first?.status == "suppression-stale")

            let missing = try config(
                temp, base: base,
                suppression: "  - {path: \(temp.file("gone.csv")), scope: Ventas->, max_age_days: 31}",
                name: "missing.yaml")
            let two = try await run(["run", "-c", missing, leads])
            #expect(two.status == 78, "\(two.stderr)")
            #expect(two.stderr.contains("cannot read the suppression list"), "\(two.stderr)")
            #expect(two.stderr.contains("[suppression-unreadable]"), "\(two.stderr)")

            // A stale list of another campaign stops nothing here.
            let elsewhere = try config(
                temp, base: base, suppression: "  - {path: \(stale), scope: Cobranza->, max_age_days: 31}",
                name: "elsewhere.yaml")
            #expect(receivedLines(simulator).isEmpty, "nothing was sent while a list in scope could not be used")
            let three = try await run(["run", "-c", elsewhere, leads])
            #expect(three.status == 0, "\(three.stderr)")
            #expect(receivedLines(simulator).count == 10)
        }
    }
}
