import Foundation
import GRDB
import PhoneNumbers
import Testing
import UContactSimulator

@testable import IngestDelivery

/// The number ledger through the executable: a run against the simulator records every number it loaded,
/// chunk by chunk, and `where` answers from it.
@Suite(.serialized) struct NumberLedgerEndToEndTests {
    let upload = UploadEndToEndTests()

    @Test func theLedgerHoldsExactlyTheNumbersTheServerReceived() async throws {
        let temp = try TemporaryDirectory()
        try await withRunningSimulator(upload.simulatorConfig(), logger: UploadEndToEndTests.quiet) { base, simulator in
            let config = try upload.config(temp, base: base)
            let run = try await Tool.runDetached(
                ["run", "-c", config] + UploadEndToEndTests.files, environment: UploadEndToEndTests.environment)
            #expect(run.status == 0, "\(run.stderr)")

            let received = Self.numbersReceived(by: simulator)
            let recorded = try await Self.numbersRecorded(in: temp.file("state"))
            #expect(!received.isEmpty)
            #expect(recorded == received)
            // The numbers files served their delivery and are gone.
            let spool = (try? FileManager.default.subpathsOfDirectory(atPath: temp.file("state/spool"))) ?? []
            #expect(spool.filter { $0.contains(".numbers") }.isEmpty, "\(spool)")
        }
    }

    @Test func whereListsEveryLoadOfANumberInTheFormsPhoneAccepts() async throws {
        let temp = try TemporaryDirectory()
        try await withRunningSimulator(upload.simulatorConfig(), logger: UploadEndToEndTests.quiet) { base, _ in
            let config = try upload.config(temp, base: base)
            let run = try await Tool.runDetached(
                ["run", "-c", config, "fixtures/campaigns.csv"], environment: UploadEndToEndTests.environment)
            #expect(run.status == 0, "\(run.stderr)")

            // 098 200 300 went into two campaigns; written three ways, it is the same number.
            for written in ["098 200 300", "+598 98 200 300", "0059898200300"] {
                let shown = try await Tool.runDetached(["where", "-c", config, written])
                #expect(shown.status == 0, "\(shown.stderr)")
                let lines = shown.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
                #expect(lines.count == 2, "\(shown.stdout)")
                #expect(Set(lines.map { $0[2] }) == ["Ventas->", "Cobranza->"], "\(shown.stdout)")
                for line in lines {
                    #expect(line[0] == written && line[1] == "+59898200300" && line[3] == "accepted")
                    #expect(line[5].hasSuffix("fixtures/campaigns.csv") && line[6].hasSuffix(".txt"))
                }
            }
            let one = try await Tool.runDetached(["where", "-c", config, "--campaign", "Cobranza->", "098200300"])
            #expect(one.stdout.split(separator: "\n").count == 1 && one.stdout.contains("\tCobranza->\t"))

            let header = try await Tool.runDetached(["where", "-c", config, "--header", "2908 9999", "12"])
            let lines = header.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == NumberHistory.header)
            #expect(lines.count == 3, "\(header.stdout)")
            #expect(lines.dropFirst().first?.contains("\t+59829089999\t\tnot-loaded") == true, "\(header.stdout)")
            #expect(lines.last?.contains("\tinvalid: ") == true, "\(header.stdout)")
        }
    }

    /// Each line's number (national, region UY) the simulator received, per campaign.
    static func numbersReceived(by simulator: Simulator) -> [String: Set<UInt64>] {
        var received: [String: Set<UInt64>] = [:]
        for upload in simulator.uploads.all {
            for line in upload.lines {
                let number = String(line.split(separator: ";", omittingEmptySubsequences: false)[1])
                guard case .success(let parsed) = PhoneNumberParser.shared.parse(number, defaultRegion: "UY") else {
                    Issue.record("the server received a number the test cannot read: \(number)")
                    continue
                }
                received[upload.campaign, default: []].insert(parsed.e164Key)
            }
        }
        return received
    }

    /// The numbers the ledger in `state` recorded, per campaign (each chunk's blob checked to be sorted).
    static func numbersRecorded(in state: String) async throws -> [String: Set<UInt64>] {
        let ledger = try Ledger(directory: state)
        let rows = try await ledger.database.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT campaign, numbers FROM chunk_numbers").map { row in
                (campaign: row["campaign"] as String, blob: row["numbers"] as Data)
            }
        }
        var recorded: [String: Set<UInt64>] = [:]
        for (campaign, blob) in rows {
            let numbers = blob.withUnsafeBytes { bytes in
                (0..<bytes.count / 8).map {
                    UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))
                }
            }
            #expect(numbers == numbers.sorted(), "a chunk's numbers are kept sorted")
            recorded[campaign, default: []].formUnion(numbers)
        }
        return recorded
    }

    /// Killed while the server holds a chunk and delays its answer: the ledger already has that chunk's
    /// numbers, recorded with its `sending` mark, so nothing the server may have loaded is unaccounted for.
    @Test(.tags(.slow)) func aRunKilledMidRequestHasRecordedWhatTheServerGot() async throws {
        let temp = try TemporaryDirectory()
        var faults = SimulatorFaults()
        faults.delayMilliseconds = 700
        try await withRunningSimulator(upload.simulatorConfig(faults), logger: UploadEndToEndTests.quiet) {
            base, simulator in
            let config = try upload.config(temp, base: base, concurrency: 1)
            let killed = try await Tool.runDetached(
                ["run", "-c", config] + UploadEndToEndTests.files, environment: UploadEndToEndTests.environment
            ) { process in
                let deadline = Date().addingTimeInterval(30)
                while simulator.uploads.count < 2 && Date() < deadline { usleep(20_000) }
                kill(process.processIdentifier, SIGKILL)
            }
            #expect(killed.status == SIGKILL)
            let received = Self.numbersReceived(by: simulator)
            let recorded = try await Self.numbersRecorded(in: temp.file("state"))
            #expect(!received.isEmpty)
            for (campaign, numbers) in received {
                #expect(numbers.isSubset(of: recorded[campaign] ?? []), "\(campaign)")
            }
        }
    }
}
