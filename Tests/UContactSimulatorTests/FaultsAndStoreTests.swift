import Foundation
import Testing

@testable import UContactSimulator

@Suite struct FaultsAndStoreTests {
    @Test func faultJSONAcceptsASubsetAndKeepsDefaults() throws {
        let faults = try JSONDecoder().decode(SimulatorFaults.self, from: Data(#"{"failFirst":2,"tokenUses":3}"#.utf8))
        #expect(faults == SimulatorFaults(failFirst: 2, tokenUses: 3))
    }

    @Test func faultJSONNamesAnUnknownKey() {
        #expect {
            try JSONDecoder().decode(SimulatorFaults.self, from: Data(#"{"failFrist":2}"#.utf8))
        } throws: { error in
            "\(error)".contains("unknown fault key 'failFrist'")
        }
    }

    @Test func faultJSONRoundTrips() throws {
        let faults = SimulatorFaults(
            failFirst: 1, failStatus: 500, throttleFirst: 2, retryAfterSeconds: 9,
            delayMilliseconds: 10, dropAfterApply: 3, refuseLogin: true, tokenUses: 4)
        let decoded = try JSONDecoder().decode(SimulatorFaults.self, from: JSONEncoder().encode(faults))
        #expect(decoded == faults)
    }

    @Test(
        arguments: [
            SimulatorFaults(failFirst: -1), SimulatorFaults(failStatus: 200), SimulatorFaults(tokenUses: 0),
            SimulatorFaults(delayMilliseconds: -5),
        ]
    )
    func unusableFaultSetsAreRefused(faults: SimulatorFaults) {
        #expect(faults.problem != nil)
        #expect(throws: SimulatorError.self) {
            try Simulator(configuration: SimulatorConfiguration(faults: faults), logger: quietLogger)
        }
    }

    @Test(
        arguments: [
            (1, "base.txt", "000001-base.txt"),
            (42, "../../etc/passwd", "000042-_._.._etc_passwd"),
            (7, ".hidden", "000007-_hidden"),
            (1_234_567, "a b/ñ.csv", "1234567-a_b__.csv"),
        ]
    )
    func recordFileNamesAreNumberedAndSafe(seq: Int, filename: String, expected: String) {
        #expect(UploadStore.recordFileName(seq: seq, filename: filename) == expected)
    }

    @Test func numberingContinuesAfterAnExistingJournal() async throws {
        try await withTemporaryDirectory { directory in
            let journal = directory.appendingPathComponent(UploadStore.journalName)
            try Data("{}\n{}\n".utf8).write(to: journal)
            let store = try UploadStore(recordDirectory: directory.path)
            let upload = try sampleUpload(filename: "b.txt")
            let recorded = try store.record(upload, auth: .bearer)
            #expect(recorded.seq == 3)
            let file = directory.appendingPathComponent("000003-b.txt")
            #expect(try String(contentsOf: file, encoding: .utf8) == sampleFile)
        }
    }

    /// Memory keeps the newest files within the budget (the newest always) and every upload's metadata; the
    /// record directory keeps every file.
    @Test func oldContentIsDroppedPastTheBudgetButRecorded() async throws {
        try await withTemporaryDirectory { directory in
            let size = sampleFile.utf8.count
            let store = try UploadStore(recordDirectory: directory.path, keptContentBytes: 2 * size)
            for index in 1...4 {
                let upload = try sampleUpload(filename: "f\(index).txt")
                _ = try store.record(upload, auth: .bearer)
            }
            let all = store.all
            #expect(all.map(\.seq) == [1, 2, 3, 4])
            #expect(all.map(\.bytes) == Array(repeating: size, count: 4))
            #expect(all.map(\.contentKept) == [false, false, true, true])
            #expect(all.map(\.content.count) == [0, 0, size, size])
            #expect(all[3].text == sampleFile)
            for index in 1...4 {
                let file = directory.appendingPathComponent("00000\(index)-f\(index).txt")
                #expect(try String(contentsOf: file, encoding: .utf8) == sampleFile)
            }

            // A budget of nothing still keeps the newest upload's file.
            let bare = try UploadStore(recordDirectory: nil, keptContentBytes: 0)
            for _ in 1...2 {
                let upload = try sampleUpload(filename: "g.txt")
                _ = try bare.record(upload, auth: .session)
            }
            #expect(bare.all.map(\.contentKept) == [false, true])
        }
    }

    /// `sampleFile` as a validated upload to `uploadbase`.
    private func sampleUpload(filename: String) throws -> ValidatedUpload {
        try UploadValidation.validate(
            fields: [
                "filename": filename, "fileb64": Data(sampleFile.utf8).base64EncodedString(),
                "campaign": "Ventas->", "cant": "2", "username": "loader",
            ],
            endpoint: .uploadBase
        )
    }
}
