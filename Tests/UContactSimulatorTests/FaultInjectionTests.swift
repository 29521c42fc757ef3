import Foundation
import Testing
import UContactSimulator

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Each fault, seen by a real HTTP client on a live port.
@Suite struct FaultInjectionTests {
    private let bearer = "Bearer api-token-1"

    @Test func failFirstFailsOnlyTheFirstUploadsAndIgnoresLogins() async throws {
        let faults = SimulatorFaults(failFirst: 2, failStatus: 500)
        try await withSimulatorClient(testConfiguration(faults: faults)) { client, simulator in
            let token = try await client.token()
            var statuses: [Int] = []
            for _ in 0..<3 {
                statuses.append(try await client.upload(uploadFields(), authorization: "Basic \(token)").status)
            }
            #expect(statuses == [500, 500, 200])
            #expect(simulator.uploads.count == 1)
        }
    }

    @Test func throttleAnswers429WithRetryAfter() async throws {
        let faults = SimulatorFaults(throttleFirst: 1, retryAfterSeconds: 7)
        try await withSimulatorClient(testConfiguration(faults: faults)) { client, simulator in
            let first = try await client.upload(uploadFields(), authorization: bearer)
            #expect(first.status == 429)
            #expect(first.headers["retry-after"] == "7")
            let second = try await client.upload(uploadFields(), authorization: bearer)
            #expect(second.status == 200)
            #expect(simulator.uploads.count == 1)
        }
    }

    @Test func failFirstThenThrottleCountOneAfterTheOther() async throws {
        let faults = SimulatorFaults(failFirst: 1, failStatus: 503, throttleFirst: 1)
        try await withSimulatorClient(testConfiguration(faults: faults)) { client, _ in
            var statuses: [Int] = []
            for _ in 0..<3 {
                statuses.append(try await client.upload(uploadFields(), authorization: bearer).status)
            }
            #expect(statuses == [503, 429, 200])
        }
    }

    @Test func sessionTokenExpiresAfterItsUsesAndReloginWorks() async throws {
        try await withSimulatorClient(testConfiguration(faults: SimulatorFaults(tokenUses: 2))) { client, simulator in
            let token = try await client.token()
            var statuses: [Int] = []
            for _ in 0..<3 {
                statuses.append(try await client.upload(uploadFields(), authorization: "Basic \(token)").status)
            }
            #expect(statuses == [200, 200, 401])
            let fresh = try await client.token()
            #expect(fresh != token)
            #expect(try await client.upload(uploadFields(), authorization: "Basic \(fresh)").status == 200)
            #expect(try await client.upload(uploadFields(), authorization: "Basic \(token)").status == 401)
            #expect(simulator.uploads.count == 3)
        }
    }

    @Test func refuseLoginAnswersZeroToGoodCredentials() async throws {
        try await withSimulatorClient(testConfiguration(faults: SimulatorFaults(refuseLogin: true))) { client, _ in
            let answer = try await client.login()
            #expect(answer.status == 200)
            #expect(answer.body == "0")
        }
    }

    @Test func delayHoldsTheAnswerBack() async throws {
        try await withSimulatorClient(testConfiguration(faults: SimulatorFaults(delayMilliseconds: 400))) {
            client, _ in
            let clock = ContinuousClock()
            let start = clock.now
            let answer = try await client.upload(uploadFields(), authorization: bearer)
            #expect(answer.body == "1")
            #expect(clock.now - start >= .milliseconds(400))
        }
    }

    /// The client sees a transport error, yet the upload was applied: the outcome a loader must treat as unknown.
    @Test func dropAfterApplyRecordsTheUploadButTheClientGetsAConnectionError() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = testConfiguration(
                recordDirectory: directory, faults: SimulatorFaults(dropAfterApply: 1))
            try await withSimulatorClient(configuration) { client, simulator in
                await #expect(throws: URLError.self) {
                    try await client.upload(uploadFields(), authorization: bearer)
                }
                #expect(simulator.uploads.all.map(\.text) == [sampleFile])
                let file = directory.appendingPathComponent("000001-base.txt")
                #expect(FileManager.default.fileExists(atPath: file.path))

                let retry = try await client.upload(uploadFields(), authorization: bearer)
                #expect(retry.body == "1")
                #expect(simulator.uploads.count == 2)
            }
        }
    }

    @Test func dropAfterApplySendsNotASingleByte() async throws {
        try await withRunningSimulator(
            testConfiguration(faults: SimulatorFaults(dropAfterApply: 1)), logger: quietLogger
        ) { baseURL, simulator in
            let port = try #require(baseURL.port)
            let request = rawFormPost(
                path: "/Integra/resources/Dialers/uploadbase", body: formBody(uploadFields()), authorization: bearer)
            let dropped = try await rawHTTPExchange(port: port, request: request)
            #expect(dropped.received.isEmpty)
            #expect(simulator.uploads.count == 1)

            let answered = try await rawHTTPExchange(port: port, request: request)
            let text = String(decoding: answered.received, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 200"))
            #expect(text.hasSuffix("\r\n\r\n1"))
            #expect(simulator.uploads.count == 2)
        }
    }

    @Test func dropAfterApplyDoesNotCountRejectedUploads() async throws {
        try await withSimulatorClient(testConfiguration(faults: SimulatorFaults(dropAfterApply: 1))) {
            client, simulator in
            let rejected = try await client.upload(uploadFields(cant: 5), authorization: bearer)
            #expect(rejected.status == 400)
            // A fresh connection: libcurl (URLSession on Linux) tries to resend a POST whose reused
            // keep-alive connection died before any answer, and then stalls until its timeout.
            try await SimulatorClient.with(client.baseURL) { fresh in
                await #expect(throws: URLError.self) {
                    try await fresh.upload(uploadFields(), authorization: bearer)
                }
            }
            #expect(simulator.uploads.count == 1)
        }
    }

    @Test func replacingFaultsRestartsTheirCounts() async throws {
        try await withSimulatorClient(testConfiguration(faults: SimulatorFaults(failFirst: 1))) { client, simulator in
            #expect(try await client.upload(uploadFields(), authorization: bearer).status == 503)
            try simulator.setFaults(SimulatorFaults(failFirst: 1, failStatus: 502))
            #expect(try await client.upload(uploadFields(), authorization: bearer).status == 502)
            #expect(try await client.upload(uploadFields(), authorization: bearer).status == 200)
        }
    }
}
