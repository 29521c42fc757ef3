import Foundation
import Logging
import Testing
import UContactSimulator

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// The executable uploading the fixtures to the simulator on 127.0.0.1: exactly once, through faults.
@Suite(.serialized) struct UploadEndToEndTests {
    static let password = "pa55-w0rd-SECRET"
    static let files = EndToEndTests.goodFixtures
    static let environment = ["UCONTACT_USER": "loader", "UCONTACT_PASSWORD": password]
    static let quiet: Logger = {
        var logger = Logger(label: "ucontact-sim")
        logger.logLevel = .warning
        return logger
    }()

    /// Config for a run against `base`, with fast retries and the state in `temp`.
    func config(
        _ temp: borrowing TemporaryDirectory, base: URL, concurrency: Int = 2, maxConsecutiveFailures: Int = 3
    ) throws -> String {
        try temp.write(
            "config.yaml",
            """
            server:
              url: \(base.absoluteString)
            campaign: "Ventas->"
            state_dir: \(temp.file("state"))
            upload:
              username: demo
              chunk_rows: 20
              concurrency: \(concurrency)
              max_consecutive_failures: \(maxConsecutiveFailures)
              retry_base_ms: 10
              retry_max_ms: 50
              timeout_seconds: 20
            """)
    }

    func simulatorConfig(_ faults: SimulatorFaults = SimulatorFaults()) -> SimulatorConfiguration {
        SimulatorConfiguration(users: ["loader": Self.password], faults: faults)
    }

    /// Every line of the expected chunks, as a multiset.
    func expectedLines() throws -> [String] {
        let directory = EndToEndTests.expected
        return try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".txt") }
            .flatMap { try readLines(directory + "/" + $0).dropLast() }.sorted()
    }

    func received(_ simulator: Simulator) -> [String] {
        simulator.uploads.all.flatMap(\.lines).sorted()
    }

    @Test func everyLineArrivesExactlyOnceAndARerunSendsNothing() async throws {
        let temp = try TemporaryDirectory()
        try await withRunningSimulator(simulatorConfig(), logger: Self.quiet) { base, simulator in
            let config = try config(temp, base: base)
            let first = try await Tool.runDetached(["run", "-c", config] + Self.files, environment: Self.environment)
            #expect(first.status == 0, "\(first.stderr)")
            // A simulator as strict as the strictest server: 411 to a body without Content-Length.
            #expect(!simulator.configuration.acceptChunkedBodies)
            #expect(received(simulator) == (try expectedLines()))
            #expect(simulator.uploads.all.allSatisfy { !$0.discarded })
            #expect(first.stderr.contains("uploads: 10 accepted"), "\(first.stderr)")
            let zones = Set(simulator.uploads.all.compactMap(\.timezone))
            #expect(zones == ["America/Montevideo", "America/Argentina/Buenos_Aires"])
            #expect(simulator.uploads.all.allSatisfy { $0.username == "demo" && $0.cant == $0.lines.count })

            // Every row the first run loaded is `already-loaded` now: no chunk is made, nothing is sent.
            let second = try await Tool.runDetached(["run", "-c", config] + Self.files, environment: Self.environment)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stderr.contains("total: 5 files, 88 rows, 0 accepted, 88 rejected, 0 chunks"))
            #expect(second.stderr.contains("(already-loaded 60)"), "\(second.stderr)")
            #expect(!second.stderr.contains("uploads:"), "\(second.stderr)")
            #expect(received(simulator) == (try expectedLines()))

            let report = try await Tool.runDetached(["report", "-c", config])
            #expect(report.stdout.split(separator: "\n").count == 3, "\(report.stdout)")
        }
    }

    @Test(.tags(.slow)) func retriedFaultsRecover() async throws {
        let temp = try TemporaryDirectory()
        var faults = SimulatorFaults()
        faults.failFirst = 2
        faults.failStatus = 503
        faults.throttleFirst = 1
        faults.retryAfterSeconds = 1
        faults.tokenUses = 3
        try await withRunningSimulator(simulatorConfig(faults), logger: Self.quiet) { base, simulator in
            let result = try await Tool.runDetached(
                ["run", "-c", try config(temp, base: base)] + Self.files, environment: Self.environment)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(received(simulator) == (try expectedLines()))
        }
    }

    @Test func anUncertainOutcomeIsReportedAndNotDuplicated() async throws {
        let temp = try TemporaryDirectory()
        var faults = SimulatorFaults()
        faults.dropAfterApply = 1
        try await withRunningSimulator(simulatorConfig(faults), logger: Self.quiet) { base, simulator in
            let config = try config(temp, base: base)
            let first = try await Tool.runDetached(["run", "-c", config] + Self.files, environment: Self.environment)
            #expect(first.status == 69, "\(first.stderr)")
            #expect(first.stderr.contains("1 uncertain"), "\(first.stderr)")
            #expect(received(simulator) == (try expectedLines()), "applied once, never re-sent")

            // The uncertain chunk's rows are `load-uncertain` (exit 69 as before), the rest `already-loaded`.
            let again = try await Tool.runDetached(["run", "-c", config] + Self.files, environment: Self.environment)
            #expect(again.status == 69)
            #expect(again.stderr.contains("load-uncertain"), "\(again.stderr)")
            #expect(!again.stderr.contains("uploads:"), "\(again.stderr)")
            #expect(received(simulator) == (try expectedLines()))

            let forced = try await Tool.runDetached(
                ["run", "--resend-uncertain", "-c", config] + Self.files, environment: Self.environment)
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect(simulator.uploads.count == 11, "the operator asked for the resend")
        }
    }

    @Test func aRefusedLoginExits77AndTheSecretAppearsNowhere() async throws {
        let temp = try TemporaryDirectory()
        try await withRunningSimulator(simulatorConfig(), logger: Self.quiet) { base, simulator in
            let config = try config(temp, base: base)
            let wrong = "wrong-\(Self.password)"
            let result = try await Tool.runDetached(
                ["run", "-c", config, "--log-level", "trace", "--report", temp.file("report.json")] + Self.files,
                environment: ["UCONTACT_USER": "loader", "UCONTACT_PASSWORD": wrong])
            #expect(result.status == 77)
            #expect(result.stderr.contains("refused the login"), "\(result.stderr)")
            #expect(simulator.uploads.count == 0)
            #expect(FileManager.default.fileExists(atPath: temp.file("report.json")), "a stopped run still reports")
            let ok = try await Tool.runDetached(
                ["run", "-c", config, "--log-level", "trace", "--report", temp.file("report.json")] + Self.files,
                environment: Self.environment)
            #expect(ok.status == 0)
            var everything = result.stdout + result.stderr + ok.stdout + ok.stderr
            let enumerator = FileManager.default.enumerator(atPath: temp.path)
            while let name = enumerator?.nextObject() as? String {
                if let data = FileManager.default.contents(atPath: temp.file(name)) {
                    everything += String(decoding: data, as: UTF8.self)
                }
            }
            #expect(!everything.contains(Self.password))
            #expect(everything.contains("accepted"), "the outputs were read")
        }
    }

    @Test func aRunStoppedMidwayStillReportsWhatWasAccepted() async throws {
        let temp = try TemporaryDirectory()
        // The session lasts one upload and the login after it is refused (a password changed mid-run).
        let faults = SimulatorFaults(tokenUses: 1, refuseLoginsAfter: 1)
        try await withRunningSimulator(simulatorConfig(faults), logger: Self.quiet) { base, simulator in
            let result = try await Tool.runDetached(
                ["run", "-c", try config(temp, base: base), "--report", temp.file("report.json")] + Self.files,
                environment: Self.environment)
            #expect(result.status == 77, "\(result.stderr)")
            #expect(simulator.uploads.count == 1)
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            let report = try decoder.decode(
                RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: temp.file("report.json"))))
            // The chunk uContact took is in the report, as the ledger has it; the ones left are pending.
            let accepted = report.uploads.filter { $0.status == .accepted }
            #expect(accepted.map(\.filename) == simulator.uploads.all.map(\.filename))
            #expect(report.uploads.contains { $0.status == .pending })
        }
    }

    @Test(.tags(.slow)) func killedMidUploadThenRerunDeliversEveryLineOnce() async throws {
        let temp = try TemporaryDirectory()
        var faults = SimulatorFaults()
        faults.delayMilliseconds = 700
        try await withRunningSimulator(simulatorConfig(faults), logger: Self.quiet) { base, simulator in
            // One upload in flight, so the kill lands while a recorded upload waits for its answer.
            let config = try config(temp, base: base, concurrency: 1)
            let killed = try await Tool.runDetached(["run", "-c", config] + Self.files, environment: Self.environment) {
                process in
                let deadline = Date().addingTimeInterval(30)
                while simulator.uploads.count < 3 && Date() < deadline { usleep(20_000) }
                kill(process.processIdentifier, SIGKILL)
            }
            #expect(killed.status == SIGKILL)
            let sentBeforeKill = simulator.uploads.count
            #expect(sentBeforeKill >= 3 && sentBeforeKill < 10)
            try simulator.setFaults(SimulatorFaults())

            let rerun = try await Tool.runDetached(["run", "-c", config] + Self.files, environment: Self.environment)
            // Chunks whose answer the kill cut off are uncertain: reported, not re-sent.
            #expect(rerun.status == 0 || rerun.status == 69, "\(rerun.stderr)")
            #expect(received(simulator) == (try expectedLines()), "every line exactly once")
        }
    }

    @Test func afterConsecutiveFailuresTheRestIsLeftPending() async throws {
        let temp = try TemporaryDirectory()
        var faults = SimulatorFaults()
        faults.failFirst = 100
        faults.failStatus = 400
        try await withRunningSimulator(simulatorConfig(faults), logger: Self.quiet) { base, simulator in
            let config = try config(temp, base: base, concurrency: 1, maxConsecutiveFailures: 3)
            let result = try await Tool.runDetached(["run", "-c", config] + Self.files, environment: Self.environment)
            #expect(result.status == 69, "\(result.stderr)")
            #expect(result.stderr.contains("uploads: 3 failed, 7 pending"), "\(result.stderr)")
            #expect(simulator.uploads.count == 0)
        }
    }
}
