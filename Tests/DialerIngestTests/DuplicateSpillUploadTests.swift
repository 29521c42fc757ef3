import Foundation
import Logging
import Testing
import UContactSimulator

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// An upload with the duplicate check on disk: every line reaches the simulator exactly once.
@Suite struct DuplicateSpillUploadTests {
    @Test func deferredDuplicatesAreNeverSent() async throws {
        let temp = try TemporaryDirectory()
        let first = DuplicateSpillTests.rows(count: 300, spread: 200, seed: 3, campaigns: ["Ventas", "Cobranza"])
        let second = DuplicateSpillTests.rows(count: 300, spread: 300, seed: 4, campaigns: ["Ventas", "Cobranza"])
        let files = [
            try temp.write("first.csv", DuplicateSpillTests.csv(first)),
            try temp.write("second.csv", DuplicateSpillTests.csv(second)),
        ]
        // What the in-memory check makes of the same files: the lines that must arrive.
        let expected = try DuplicateSpillTests.validate(files, budget: nil, name: "expected", in: temp, chunkRows: 20)
        let want = expected.linesByGroup.values.flatMap { $0 }.sorted()
        #expect(want.count == expected.report.totals.rowsAccepted)
        var quiet = Logger(label: "ucontact-sim")
        quiet.logLevel = .warning
        let password = "pa55-w0rd"
        try await withRunningSimulator(
            SimulatorConfiguration(users: ["loader": password], campaigns: ["Ventas", "Cobranza"]), logger: quiet
        ) {
            base, simulator in
            let config = try temp.write(
                "upload.yaml",
                """
                server:
                  url: \(base.absoluteString)
                campaign: Ventas
                phone: {default_region: UY}
                state_dir: \(temp.file("state"))
                upload: {username: demo, chunk_rows: 20, retry_base_ms: 10, retry_max_ms: 50}
                limits: {duplicate_keys_in_memory: 30}
                """)
            let result = try await Tool.runDetached(
                ["run", "-c", config, "--no-progress", "--report", temp.file("run.json")] + files,
                environment: ["UCONTACT_USER": "loader", "UCONTACT_PASSWORD": password])
            #expect(result.status == 0, "\(result.stderr)")
            let received = simulator.uploads.all.flatMap(\.lines)
            #expect(received.sorted() == want)
            #expect(simulator.uploads.all.allSatisfy { $0.cant == $0.lines.count && $0.cant > 0 })
            let rejects = try readLines(temp.file("run.rejects.csv")).dropFirst().filter { !$0.isEmpty }.sorted()
            #expect(rejects == expected.rejects)
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: temp.file("state/spool"))) ?? []
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }
}
