import Foundation
import Logging
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

@Suite("Watched inbox: names, readiness, config")
struct WatchUnitTests {
    @Test(arguments: [
        ".hidden.csv", "leads.csv.tmp", "leads.csv.part", "leads.csv.filepart", "leads.csv~", "leads.csv.ready",
        "leads.csv.done",
    ])
    func filesStillBeingWrittenAreIgnored(_ name: String) {
        #expect(InboxName.isIgnored(name))
    }

    @Test(arguments: ["leads.csv", "ventas_2026.csv.gz", "a..b.csv", "line\nbreak.csv", "esc\u{1B}[31m.csv"])
    func dataFilesAreNotIgnored(_ name: String) {
        #expect(!InboxName.isIgnored(name))
    }

    @Test func derivedNamesFitIn255BytesAndStayDistinct() {
        let long = String(repeating: "é", count: 120) + "x.csv"  // 245 bytes
        let other = String(repeating: "é", count: 120) + "y.csv"
        #expect(long.utf8.count == 245)
        let report = InboxName.fit(long, suffix: ".report.json")
        #expect(report.utf8.count <= 255)
        #expect(report.hasSuffix(".report.json"))
        #expect(report.hasPrefix("éé"))
        #expect(report != InboxName.fit(other, suffix: ".report.json"))
        let duplicate = InboxName.fit("\(long)--\(other)", prefix: "duplicate-of-")
        #expect(duplicate.utf8.count <= 255 && duplicate.hasPrefix("duplicate-of-éé"))
        #expect(InboxName.fit("short.csv", suffix: ".report.json") == "short.csv.report.json")
        let stem = InboxName.stem(long, prefix: ".", longestSuffix: ".report.rejects.csv")
        #expect(("." + stem + ".report.rejects.csv").utf8.count <= 255)
        #expect(InboxName.stem("a.csv", prefix: ".", longestSuffix: ".report.rejects.csv") == "a.csv")
    }

    @Test func namesWithControlCharactersAreEscapedForLogs() {
        #expect(Terminal.escaped("b\n copy\u{1B}[2J.csv") == "b\\u{a} copy\\u{1b}[2J.csv")
    }

    @Test func aStableFileIsReadyOnlyAfterHoldingStillAndAging() {
        var readiness = Readiness(mode: .stable, minAge: 10, stableFor: 5)
        let file = InboxEntry(name: "a.csv", size: 100, modified: 1000)
        #expect(readiness.observe([file], names: ["a.csv"], now: 1020).isEmpty, "first sight: not yet")
        #expect(readiness.observe([file], names: ["a.csv"], now: 1023).isEmpty, "held still only 3 s")
        #expect(readiness.observe([file], names: ["a.csv"], now: 1025) == [file])
        #expect(readiness.waiting)
    }

    @Test func aGrowingOrYoungFileIsNotReady() {
        var readiness = Readiness(mode: .stable, minAge: 10, stableFor: 5)
        var file = InboxEntry(name: "a.csv", size: 100, modified: 1000)
        _ = readiness.observe([file], names: [], now: 1020)
        file.size = 200
        #expect(readiness.observe([file], names: [], now: 1030).isEmpty, "size changed: the clock restarts")
        #expect(readiness.observe([file], names: [], now: 1034).isEmpty)
        #expect(readiness.observe([file], names: [], now: 1035) == [file])

        var young = Readiness(mode: .stable, minAge: 60, stableFor: 5)
        let fresh = InboxEntry(name: "b.csv", size: 1, modified: 1000)
        _ = young.observe([fresh], names: [], now: 1001)
        #expect(young.observe([fresh], names: [], now: 1010).isEmpty, "younger than min age")
        #expect(young.observe([fresh], names: [], now: 1061) == [fresh])
    }

    @Test func readyFilesComeOldestFirstAndIgnoredNamesNever() {
        var readiness = Readiness(mode: .stable, minAge: 0, stableFor: 1)
        let files = [
            InboxEntry(name: "new.csv", size: 1, modified: 900), InboxEntry(name: "old.csv", size: 1, modified: 100),
            InboxEntry(name: "x.csv.part", size: 1, modified: 50),
        ]
        _ = readiness.observe(files, names: [], now: 1000)
        #expect(readiness.observe(files, names: [], now: 1001).map(\.name) == ["old.csv", "new.csv"])
        readiness.forget("old.csv")
        readiness.forget("new.csv")
        #expect(!readiness.waiting)
    }

    @Test func markerModeWaitsForTheMarker() {
        var readiness = Readiness(mode: .marker, minAge: 0, stableFor: 0)
        let file = InboxEntry(name: "a.csv", size: 1, modified: 1)
        #expect(readiness.observe([file], names: ["a.csv"], now: 10).isEmpty)
        #expect(readiness.observe([file], names: ["a.csv", "a.csv.done"], now: 11) == [file])
        #expect(readiness.observe([file], names: ["a.csv", "a.csv.ready"], now: 12) == [file])
    }

    @Test func watchKeysAreReadAndRoutesResolvedBesideTheConfig() throws {
        let config = try IngestConfig.parse(
            yaml: """
                watch:
                  inbox: /srv/leads/inbox
                  archive: /srv/leads/done
                  readiness: marker
                  min_age_seconds: 0.5
                  scan_interval_seconds: 2
                  rescan_seconds: 30
                  shutdown_seconds: 10
                  metrics_file: /var/lib/node_exporter/dialer.prom
                  routes:
                    - {pattern: "ventas_*.csv", config: ventas.yaml}
                    - {pattern: "cobranza_*", config: /etc/dialer/cobranza.yaml}
                """, file: "/etc/dialer/main.yaml")
        #expect(config.watch.readiness == .marker)
        #expect(config.watch.minAgeSeconds == 0.5 && config.watch.scanIntervalSeconds == 2)
        #expect(config.watch.rescanSeconds == 30 && config.watch.shutdownSeconds == 10)
        #expect(config.watch.metricsFile == "/var/lib/node_exporter/dialer.prom")
        #expect(
            config.watch.routes == [
                .init(pattern: "ventas_*.csv", config: "/etc/dialer/ventas.yaml"),
                .init(pattern: "cobranza_*", config: "/etc/dialer/cobranza.yaml"),
            ])
        let layout = try InboxLayout(watch: config.watch)
        #expect(layout.processing == "/srv/leads/processing")
        #expect(layout.archive == "/srv/leads/done")
        #expect(layout.failed == "/srv/leads/failed")
    }

    @Test(arguments: [
        ("watch:\n  inbox: /in\n  min_age: 3\n", "unknown config key 'watch.min_age'", 3),
        ("watch:\n  readiness: soon\n", "'watch.readiness' must be stable or marker", 2),
        ("watch:\n  scan_interval_seconds: -1\n", "'watch.scan_interval_seconds' must be between", 2),
        ("watch:\n  routes:\n    - {pattern: a*, conf: x.yaml}\n", "unknown config key 'watch.routes[].conf'", 3),
        ("watch:\n  routes:\n    - {config: x.yaml}\n", "each route needs a 'pattern'", 3),
        ("watch:\n  routes: ventas.yaml\n", "'watch.routes' must be a list", 2),
    ])
    func badWatchSettingsAreNamedWithTheirLine(_ yaml: String, _ message: String, _ line: Int) {
        do {
            _ = try IngestConfig.parse(yaml: yaml, file: "main.yaml")
            Issue.record("parsed: \(yaml)")
        } catch let error as IngestError {
            #expect(error.code == .configInvalid)
            #expect(error.message.contains(message), "\(error)")
            #expect(error.line == line, "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func withoutAnInboxTheLayoutIsAConfigError() {
        #expect(throws: IngestError.self) { try InboxLayout(watch: IngestConfig.Watch()) }
    }

    /// The worker's state is one loop's: a second `runOnce` while the first waits for a file to settle fails
    /// at once instead of sharing it.
    @Test func aWorkerRunsOneLoopAtATime() async throws {
        let temp = try TemporaryDirectory()
        let inbox = temp.file("inbox")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let config = try IngestConfig.parse(
            yaml: """
                campaign: "Ventas->"
                state_dir: \(temp.file("state"))
                watch:
                  inbox: \(inbox)
                  min_age_seconds: 0
                  scan_interval_seconds: 1
                """, file: temp.file("config.yaml"))
        let worker = try #require(try InboxWorker(config: config, logger: Logger(label: "test")))
        // Seen once, not yet still: the first run waits a scan interval for it.
        try "campaign,telefono\n".write(toFile: inbox + "/leads.csv", atomically: false, encoding: .utf8)
        let first = Task { try await worker.runOnce() }
        try await Task.sleep(for: .milliseconds(300))
        do {
            _ = try await worker.runOnce()
            Issue.record("a second loop ran beside the first")
        } catch {
            #expect(error.code == .internalError && error.message.contains("already running"), "\(error)")
        }
        try FileManager.default.removeItem(atPath: inbox + "/leads.csv")
        let summary = try await first.value
        #expect(summary.archived == 0 && summary.failed == 0)
        // Once the first is done, the worker runs again.
        #expect(try await worker.runOnce() == WatchSummary())
    }
}
