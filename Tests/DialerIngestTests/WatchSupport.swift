import Foundation
import Logging
import Synchronization
import Testing
import UContactSimulator

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// A watched inbox in a temporary folder, a config pointing at the simulator, and lead files to drop.
struct WatchBench: ~Copyable {
    let temp: TemporaryDirectory
    let config: String
    let layout: InboxLayout

    static let environment = UploadEndToEndTests.environment

    /// Fast timings (0.2 s minimum age, 0.3 s between scans) so each test takes seconds.
    init(base: URL, chunkRows: Int = 10, rescanSeconds: Double = 0.5, extra: String = "") throws {
        let temp = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: temp.file("inbox"), withIntermediateDirectories: true)
        let config = try temp.write(
            "config.yaml",
            """
            server:
              url: \(base.absoluteString)
            campaign: "Ventas->"
            state_dir: \(temp.file("state"))
            upload:
              username: demo
              chunk_rows: \(chunkRows)
              concurrency: 1
              retry_base_ms: 10
              retry_max_ms: 50
              timeout_seconds: 20
            watch:
              inbox: \(temp.file("inbox"))
              min_age_seconds: 0.2
              scan_interval_seconds: 0.3
              rescan_seconds: \(rescanSeconds)
              shutdown_seconds: 5
              metrics_file: \(temp.file("metrics.prom"))
            \(extra)
            """)
        layout = try InboxLayout(watch: IngestConfig.load(path: config).watch)
        self.config = config
        self.temp = temp
    }

    /// A CSV of `count` leads with distinct Uruguayan mobile numbers (`099 1NN NNN`) and names.
    static func leads(_ count: Int, from start: Int = 0) -> String {
        "telefono,nombre\n"
            + (start..<(start + count)).map { "0991\(String(format: "%05d", $0)),Lead \($0)\n" }.joined()
    }

    @discardableResult
    func drop(_ name: String, _ text: String) throws -> String {
        try dropLeadFile(layout.inbox + "/" + name, text)
    }

    func names(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    var archived: [String] { names(in: layout.archiveFolder()) }

    func watch(_ arguments: [String] = ["--once"], started: (@Sendable (Process) -> Void)? = nil) async throws
        -> Tool.Result
    {
        try await Tool.runDetached(
            ["watch", "-c", config] + arguments, environment: Self.environment, started: started)
    }
}

/// Every line the simulator received, and whether each came exactly once.
func receivedLines(_ simulator: Simulator) -> [String] {
    simulator.uploads.all.flatMap(\.lines)
}

func expectEachLeadOnce(_ simulator: Simulator, count: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    let lines = receivedLines(simulator)
    #expect(lines.count == count, "lines received", sourceLocation: sourceLocation)
    #expect(Set(lines).count == lines.count, "no line twice", sourceLocation: sourceLocation)
}

/// Waits (on the caller's plain thread) until `condition` holds or `seconds` pass.
func waitUntil(seconds: Double = 30, _ condition: () -> Bool) {
    let deadline = Date().addingTimeInterval(seconds)
    while !condition() && Date() < deadline { usleep(20_000) }
}

/// A moment noted on one thread and read on another.
final class Moment: Sendable {
    private let value = Mutex<Date?>(nil)
    func mark() { value.withLock { $0 = Date() } }
    var date: Date? { value.withLock { $0 } }
}

let quietSimulatorLogger: Logger = {
    var logger = Logger(label: "ucontact-sim")
    logger.logLevel = .warning
    return logger
}()

func simulatorSetup(_ faults: SimulatorFaults = SimulatorFaults()) -> SimulatorConfiguration {
    SimulatorConfiguration(users: ["loader": UploadEndToEndTests.password], faults: faults)
}

/// Writes a lead file at `path`, already old enough (the tests that need a young or growing file write their own).
@discardableResult
func dropLeadFile(_ path: String, _ text: String) throws -> String {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-5)], ofItemAtPath: path)
    return path
}

/// SIGTERM, and SIGKILL if the daemon is still there after `seconds`: a test never hangs on a daemon.
func stopDaemon(_ process: Process, seconds: Double = 20) {
    kill(process.processIdentifier, SIGTERM)
    waitUntil(seconds: seconds) { !process.isRunning }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
}
