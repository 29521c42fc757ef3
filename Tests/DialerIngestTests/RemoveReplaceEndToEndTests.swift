import Foundation
import Testing
import UContactSimulator

@testable import IngestCore
@testable import IngestWatch

/// `mode: remove` and `mode: replace` through the executable against the simulator's `Dialers/RemoveContact`.
@Suite(.serialized) struct RemoveReplaceEndToEndTests {
    let dedupe = DedupeWindowEndToEndTests()
    let upload = UploadEndToEndTests()

    /// The numbers (national form, as the lines hold them) of `WatchBench.leads` rows `range`.
    static func numbers(_ range: Range<Int>) -> [String] {
        range.map { "0991\(String(format: "%05d", $0))" }
    }

    func removed(_ simulator: Simulator) -> [String] {
        simulator.removals.all.map(\.number).sorted()
    }

    @Test func removeTakesEveryValidNumberOutAndTheyCanLoadAgain() async throws {
        let temp = try TemporaryDirectory()
        var faults = SimulatorFaults()
        faults.failFirst = 2
        faults.failStatus = 503
        try await withRunningSimulator(upload.simulatorConfig(), logger: UploadEndToEndTests.quiet) { base, simulator in
            let load = try dedupe.config(temp, base: base)
            let remove = try dedupe.config(temp, base: base, name: "remove.yaml", dedupe: "mode: remove")
            let leads = try temp.write("leads.csv", WatchBench.leads(6))
            let loaded = try await dedupe.run(["run", "-c", load, leads])
            #expect(loaded.status == 0, "\(loaded.stderr)")

            // Two bad rows are rejected, not removed; the first two calls fail with 503 and are retried.
            try simulator.setFaults(faults)
            let purge = try temp.write("purge.csv", WatchBench.leads(4, from: 2) + "12345,Bad\n,Empty\n")
            // The preview ignores the ledger's loads: those are the numbers to remove.
            let preview = try await dedupe.run(["validate", "-c", remove, purge])
            #expect(preview.stderr.contains("0 chunks (-4 removed)"), "\(preview.stderr)")
            #expect(simulator.removals.all.isEmpty)
            let report = temp.file("purge.json")
            let removal = try await dedupe.run(["run", "-c", remove, "--report", report, purge])
            #expect(removal.status == 0, "\(removal.stderr)")
            #expect(removal.stderr.contains("removals: 4 removed"), "\(removal.stderr)")
            #expect(removal.stderr.contains("0 chunks (-4 removed)"), "\(removal.stderr)")
            #expect(removed(simulator) == Self.numbers(2..<6))
            #expect(simulator.removals.all.allSatisfy { $0.campaign == "Ventas->" && !$0.discarded })
            #expect(simulator.uploads.count == 1, "remove uploads nothing")
            let listed = try String(contentsOfFile: temp.file("purge.removals.csv"), encoding: .utf8)
            #expect(listed.split(separator: "\n").count == 5, "\(listed)")
            #expect(listed.contains("\(purge),Ventas->,099100002,removed,"), "\(listed)")
            let attempts = listed.split(separator: "\n").dropFirst().compactMap { Int($0.split(separator: ",")[4]) }
            #expect(attempts.reduce(0, +) == 6, "two 503s retried: \(listed)")

            // `where` lists the removal after the load.
            let shown = try await Tool.runDetached(["where", "-c", load, "099100003"])
            let lines = shown.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
            #expect(lines.map { $0[3] } == ["accepted", "removed"], "\(shown.stdout)")

            // A removed number no longer counts as loaded: the same numbers load again within the window.
            try simulator.setFaults(SimulatorFaults())
            let again = try await dedupe.run([
                "run", "-c", load, try temp.write("again.csv", WatchBench.leads(6) + "\n"),
            ])
            #expect(again.stderr.contains("6 rows, 4 accepted, 2 rejected (already-loaded 2)"), "\(again.stderr)")
        }
    }

    @Test func replaceUploadsTheNewRemovesTheGoneAndValidatePreviewsIt() async throws {
        let temp = try TemporaryDirectory()
        try await withRunningSimulator(upload.simulatorConfig(), logger: UploadEndToEndTests.quiet) { base, simulator in
            let replace = try dedupe.config(
                temp, base: base, dedupe: "mode: replace\ndedupe:\n  scope: campaign\n  window_days: 1")
            let first = try await dedupe.run(["run", "-c", replace, try temp.write("monday.csv", WatchBench.leads(5))])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stderr.contains("(+5 new, -0 removed, =0 unchanged)"), "\(first.stderr)")
            #expect(simulator.removals.all.isEmpty)

            // Tuesday's list drops leads 0 and 1 and adds 5, 6 and 7.
            let tuesday = try temp.write("tuesday.csv", WatchBench.leads(6, from: 2))
            let out = temp.file("preview")
            let preview = try await dedupe.run(["validate", "-c", replace, "--output-dir", out, tuesday])
            #expect(preview.stderr.contains("(+3 new, -2 removed, =3 unchanged)"), "\(preview.stderr)")
            // The output folder keeps the chunks, the report, the rejects and the lines to remove.
            let kept = try FileManager.default.subpathsOfDirectory(atPath: out).sorted()
            #expect(kept.contains("report.json") && kept.contains("report.rejects.csv"), "\(kept)")
            #expect(kept.filter { $0.hasSuffix(".txt") }.count == 2, "\(kept)")
            let lines = try String(contentsOfFile: out + "/.removals-0/removals-1.txt", encoding: .utf8)
            #expect(lines == Self.numbers(0..<2).map { "Ventas->;\($0)\n" }.joined())
            #expect(simulator.removals.all.isEmpty && simulator.uploads.count == 1, "validate sends nothing")

            let second = try await dedupe.run(["run", "-c", replace, tuesday])
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stderr.contains("(+3 new, -2 removed, =3 unchanged)"), "\(second.stderr)")
            #expect(removed(simulator) == Self.numbers(0..<2))
            let uploaded = receivedLines(simulator).map { String($0.split(separator: ";")[1]) }.sorted()
            #expect(uploaded == Self.numbers(0..<8))

            // The same list again: nothing to add, nothing to remove.
            let third = try await dedupe.run([
                "run", "-c", replace, try temp.write("wednesday.csv", WatchBench.leads(6, from: 2) + "\n"),
            ])
            #expect(third.stderr.contains("(+0 new, -0 removed, =6 unchanged)"), "\(third.stderr)")
            #expect(simulator.removals.all.count == 2 && simulator.uploads.count == 2)
        }
    }

    /// A watch route with `mode: remove`: an opt-out list dropped into the inbox takes its numbers out, and the
    /// file is archived with its removals list beside its report.
    @Test func aWatchRouteRemovesWhatItsFilesList() async throws {
        try await withRunningSimulator(simulatorSetup(), logger: quietSimulatorLogger) { base, simulator in
            let routes = """
                  routes:
                    - {pattern: "bajas_*.csv", config: bajas.yaml}
                    - {pattern: "*.csv", config: altas.yaml}
                """
            let bench = try WatchBench(base: base, extra: routes)
            for (name, mode) in [("altas", "load"), ("bajas", "remove")] {
                try bench.temp.write(
                    "\(name).yaml",
                    """
                    server: {url: \(base.absoluteString)}
                    campaign: "Ventas->"
                    upload: {username: demo}
                    mode: \(mode)
                    """)
            }
            try bench.drop("altas_1.csv", WatchBench.leads(5))
            let loaded = try await bench.watch()
            #expect(loaded.status == 0, "\(loaded.stderr)")
            try bench.drop("bajas_1.csv", WatchBench.leads(2, from: 1))
            let removed = try await bench.watch()
            #expect(removed.status == 0, "\(removed.stderr)")
            #expect(bench.archived.contains("bajas_1.csv"), "\(bench.archived)")
            #expect(bench.archived.contains("bajas_1.csv.removals.csv"), "\(bench.archived)")
            #expect(bench.names(in: bench.layout.processing).isEmpty, "\(bench.names(in: bench.layout.processing))")
            #expect(simulator.removals.all.map(\.number).sorted() == Self.numbers(1..<3))
            #expect(simulator.uploads.count == 1)
        }
    }
}
