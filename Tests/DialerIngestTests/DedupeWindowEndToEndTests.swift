import Foundation
import Testing
import UContactSimulator

@testable import IngestCore

/// The dedupe windows through the executable against the simulator: what earlier runs loaded is not loaded
/// again, across files, nights, campaigns and resumes; what the window lets go is.
@Suite(.serialized) struct DedupeWindowEndToEndTests {
    let upload = UploadEndToEndTests()
    static let environment = UploadEndToEndTests.environment

    /// A config for a run against `base` with its state in `temp`; `name` lets a test keep several.
    func config(
        _ temp: borrowing TemporaryDirectory, base: URL, name: String = "config.yaml", campaign: String = "Ventas->",
        chunkRows: Int = 20, concurrency: Int = 2, dedupe: String = ""
    ) throws -> String {
        try temp.write(
            name,
            """
            server:
              url: \(base.absoluteString)
            campaign: "\(campaign)"
            state_dir: \(temp.file("state"))
            upload:
              username: demo
              chunk_rows: \(chunkRows)
              concurrency: \(concurrency)
              retry_base_ms: 10
              retry_max_ms: 50
              timeout_seconds: 20
            \(dedupe)
            """)
    }

    func run(_ arguments: [String]) async throws -> Tool.Result {
        try await Tool.runDetached(arguments, environment: Self.environment)
    }

    /// The rows of a rejects CSV (header dropped) whose reason is `reason`, as (line, detail, raw).
    func rejects(_ path: String, reason: String) throws -> [(line: Int, detail: String, raw: String)] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { row in
            let fields = Self.csvFields(String(row))
            guard fields.count == 5, fields[2] == reason, let line = Int(fields[1]) else { return nil }
            return (line, fields[3], fields[4])
        }
    }

    /// The fields of one CSV line (quotes as the rejects writer puts them).
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields
    }

    @Test func anotherFileWithTheSameNumbersLoadsOnlyTheNewOnes() async throws {
        let temp = try TemporaryDirectory()
        try await withRunningSimulator(upload.simulatorConfig(), logger: UploadEndToEndTests.quiet) { base, simulator in
            let config = try config(temp, base: base)
            let first = try temp.write("monday.csv", WatchBench.leads(10))
            let second = try temp.write("tuesday.csv", WatchBench.leads(10, from: 5))
            let one = try await run(["run", "-c", config, first])
            #expect(one.status == 0, "\(one.stderr)")
            #expect(receivedLines(simulator).count == 10)

            let report = temp.file("second.json")
            let two = try await run(["run", "-c", config, "--report", report, second])
            #expect(two.status == 0, "\(two.stderr)")
            #expect(two.stderr.contains("10 rows, 5 accepted, 5 rejected (already-loaded 5)"), "\(two.stderr)")
            expectEachLeadOnce(simulator, count: 15)
            // Each rejected row names its line, the load that took it, and keeps its text.
            let loaded = try rejects(temp.file("second.rejects.csv"), reason: "already-loaded")
            #expect(loaded.map(\.line) == [2, 3, 4, 5, 6])
            #expect(loaded.map(\.raw) == (5..<10).map { "0991\(String(format: "%05d", $0)),Lead \($0)" })
            for row in loaded {
                #expect(row.detail.contains("loaded into Ventas-> at 20"), "\(row.detail)")
                #expect(row.detail.contains("monday.csv"), "\(row.detail)")
            }
        }
    }

    @Test func theWindowScopeAndCampaignDecideWhatCounts() async throws {
        let temp = try TemporaryDirectory()
        try await withRunningSimulator(upload.simulatorConfig(), logger: UploadEndToEndTests.quiet) { base, simulator in
            // 0.0001 days: 8.64 seconds.
            let window = "dedupe:\n  scope: campaign\n  window_days: 0.0001"
            let ventas = try config(temp, base: base, dedupe: window)
            let cobranza = try config(temp, base: base, name: "cobranza.yaml", campaign: "Cobranza->", dedupe: window)
            let everywhere = try config(
                temp, base: base, name: "all.yaml", campaign: "Cobranza->",
                dedupe: "dedupe:\n  scope: all\n  window_days: 1")
            let leads = WatchBench.leads(6)
            let one = try await run(["run", "-c", ventas, try temp.write("a.csv", leads)])
            #expect(one.status == 0, "\(one.stderr)")

            // Another campaign: scope campaign loads them, scope all does not.
            let all = try await run(["run", "-c", everywhere, try temp.write("b.csv", leads + "\n")])
            #expect(all.stderr.contains("6 rows, 0 accepted, 6 rejected (already-loaded 6)"), "\(all.stderr)")
            let other = try await run(["run", "-c", cobranza, try temp.write("c.csv", leads + "\n\n")])
            #expect(other.stderr.contains("6 rows, 6 accepted"), "\(other.stderr)")
            #expect(simulator.uploads.all.map(\.campaign).sorted() == ["Cobranza->", "Ventas->"])

            // The same campaign within the window: nothing; once it has passed: loaded again.
            let again = try await run(["run", "-c", ventas, try temp.write("d.csv", leads + "\n\n\n")])
            #expect(again.stderr.contains("6 rows, 0 accepted, 6 rejected (already-loaded 6)"), "\(again.stderr)")
            try await Task.sleep(for: .seconds(9))
            let later = try await run(["run", "-c", ventas, try temp.write("e.csv", leads + "\n\n\n\n")])
            #expect(later.stderr.contains("6 rows, 6 accepted"), "\(later.stderr)")
            // The very file loaded before never loads again, even with scope run (no window at all).
            let runOnly = try config(temp, base: base, name: "run.yaml", dedupe: "dedupe:\n  scope: run")
            let same = try await run(["run", "-c", runOnly, temp.file("a.csv")])
            #expect(same.stderr.contains("6 rows, 0 accepted, 6 rejected (already-loaded 6)"), "\(same.stderr)")
            #expect(same.status == 0)
            #expect(simulator.uploads.count == 3)
        }
    }

    @Test(.tags(.slow)) func aResumeWithAnotherChunkSizeSendsEachLineOnce() async throws {
        let temp = try TemporaryDirectory()
        var faults = SimulatorFaults()
        faults.delayMilliseconds = 700
        try await withRunningSimulator(upload.simulatorConfig(faults), logger: UploadEndToEndTests.quiet) {
            base, simulator in
            let files = UploadEndToEndTests.files
            let killed = try await Tool.runDetached(
                ["run", "-c", try config(temp, base: base, concurrency: 1)] + files, environment: Self.environment
            ) { process in
                let deadline = Date().addingTimeInterval(30)
                while simulator.uploads.count < 3 && Date() < deadline { usleep(20_000) }
                kill(process.processIdentifier, SIGKILL)
            }
            #expect(killed.status == SIGKILL)
            #expect(simulator.uploads.count >= 3 && simulator.uploads.count < 10)
            try simulator.setFaults(SimulatorFaults())

            // Other chunks: none of the new ones matches a chunk the ledger knows.
            let resumed = try await run(["run", "-c", try config(temp, base: base, chunkRows: 7)] + files)
            #expect(resumed.status == 0 || resumed.status == 69, "\(resumed.stderr)")
            #expect(resumed.stderr.contains("already-loaded"), "\(resumed.stderr)")
            #expect(upload.received(simulator) == (try upload.expectedLines()), "every line exactly once")
        }
    }

    @Test func validateShowsWhatWouldBeSkippedAndWritesNothing() async throws {
        let temp = try TemporaryDirectory()
        try await withRunningSimulator(upload.simulatorConfig(), logger: UploadEndToEndTests.quiet) { base, simulator in
            let config = try config(temp, base: base)
            let one = try await run(["run", "-c", config, try temp.write("a.csv", WatchBench.leads(8))])
            #expect(one.status == 0, "\(one.stderr)")
            let ledger = temp.file("state/ledger.sqlite")
            let before = try Data(contentsOf: URL(fileURLWithPath: ledger))
            let segments = try FileManager.default.contentsOfDirectory(atPath: temp.file("state/numbers"))

            let check = try await run(["validate", "-c", config, try temp.write("b.csv", WatchBench.leads(8, from: 4))])
            #expect(check.status == 0, "\(check.stderr)")
            #expect(check.stderr.contains("8 rows, 4 accepted, 4 rejected (already-loaded 4)"), "\(check.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: ledger)) == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: temp.file("state/numbers")) == segments)
            #expect(simulator.uploads.count == 1)

            // --force skips the check.
            let forced = try await run(["run", "--force", "-c", config, temp.file("b.csv")])
            #expect(forced.stderr.contains("8 rows, 8 accepted"), "\(forced.stderr)")
        }
    }

    @Test func twoInboxFilesSharingNumbersLoadEachNumberOnce() async throws {
        try await withRunningSimulator(simulatorSetup(), logger: quietSimulatorLogger) { base, simulator in
            let bench = try WatchBench(base: base)
            try bench.drop("crm.csv", WatchBench.leads(40))
            try bench.drop("sheet.csv", WatchBench.leads(40, from: 20))
            let watched = try await bench.watch()
            #expect(watched.status == 0, "\(watched.stderr)")
            expectEachLeadOnce(simulator, count: 60)
            #expect(bench.archived.contains("crm.csv") && bench.archived.contains("sheet.csv"), "\(bench.archived)")

            // The same content again under another name loads nothing.
            try bench.drop("crm-copy.csv", WatchBench.leads(40))
            _ = try await bench.watch()
            expectEachLeadOnce(simulator, count: 60)
        }
    }

    /// `scope: all` holds within a run too: a number goes into one campaign only.
    @Test func scopeAllRejectsANumberForASecondCampaignInTheSameRun() async throws {
        let temp = try TemporaryDirectory()
        let config = try config(
            temp, base: URL(string: "http://127.0.0.1:9")!,
            dedupe: "dedupe: {scope: all}\ncolumns: {number: telefono, campaign: campana}")
        let file = try temp.write(
            "two.csv", "telefono,nombre,campana\n099100001,A,Ventas->\n099100001,B,Cobranza->\n099100002,C,Cobranza->\n"
        )
        let checked = try await run(["validate", "-c", config, "--report", temp.file("r.json"), file])
        #expect(checked.stderr.contains("3 rows, 2 accepted, 1 rejected (duplicate 1)"), "\(checked.stderr)")
        let duplicates = try rejects(temp.file("r.rejects.csv"), reason: "duplicate")
        #expect(duplicates.map(\.line) == [3])
        #expect(duplicates.first?.detail == "the number is already in this run (dedupe.scope: all)")
    }
}
