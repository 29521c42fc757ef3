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
            let upload = try UploadValidation.validate(
                fields: [
                    "filename": "b.txt", "fileb64": Data(sampleFile.utf8).base64EncodedString(),
                    "campaign": "Ventas->", "cant": "2", "username": "loader",
                ],
                endpoint: .uploadBase
            )
            let recorded = try store.record(upload, auth: .bearer)
            #expect(recorded.seq == 3)
            let file = directory.appendingPathComponent("000003-b.txt")
            #expect(try String(contentsOf: file, encoding: .utf8) == sampleFile)
        }
    }
}
