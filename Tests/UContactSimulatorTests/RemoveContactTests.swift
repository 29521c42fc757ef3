import Foundation
import Testing
import UContactSimulator

/// `Dialers/RemoveContact` over real HTTP: recorded when well formed and authenticated, refused otherwise,
/// admitted through the upload faults.
@Suite struct RemoveContactTests {
    private static let path = "Integra/resources/Dialers/RemoveContact"

    @Test func aRemovalAnswersOneAndIsRecordedEachTimeItIsSent() async throws {
        try await withSimulatorClient(testConfiguration()) { client, simulator in
            let token = try await client.token()
            for _ in 0..<2 {
                let answer = try await client.post(
                    Self.path, body: formBody([("campaign", "Ventas->"), ("number", "+59898344484")]),
                    authorization: "Basic \(token)")
                #expect(answer.status == 200 && answer.body == "1")
            }
            let unknown = try await client.post(
                Self.path, body: formBody([("campaign", "Nope"), ("number", "98344484")]),
                authorization: "Bearer api-token-1")
            #expect(unknown.status == 200 && unknown.body == "1")
            #expect(
                simulator.removals.all == [
                    RecordedRemoval(seq: 1, campaign: "Ventas->", number: "+59898344484", discarded: false),
                    RecordedRemoval(seq: 2, campaign: "Ventas->", number: "+59898344484", discarded: false),
                    RecordedRemoval(seq: 3, campaign: "Nope", number: "98344484", discarded: true),
                ])
            let listing = try await client.get("_sim/removals")
            let listed = try JSONDecoder().decode([RecordedRemoval].self, from: Data(listing.body.utf8))
            #expect(listed == simulator.removals.all)
        }
    }

    @Test(arguments: [
        ("campaign=Ventas-%3E", 400),
        ("number=59898344484", 400),
        ("campaign=Ventas-%3E&number=", 400),
        ("campaign=Ventas-%3E&number=098%20344%20484", 400),
        ("campaign=Ventas-%3E&number=12", 400),
        ("campaign=Ventas-%3E&number=%2B%2B598", 400),
    ])
    func aMalformedRemovalIsRefusedAndNotRecorded(body: String, status: Int) async throws {
        try await withSimulatorClient(testConfiguration()) { client, simulator in
            let answer = try await client.post(Self.path, body: body, authorization: "Bearer api-token-1")
            #expect(answer.status == status, "\(body): \(answer.body)")
            #expect(simulator.removals.all.isEmpty)
        }
    }

    @Test func aRemovalNeedsAuthenticationAndMeetsTheUploadFaults() async throws {
        var faults = SimulatorFaults()
        faults.failFirst = 1
        faults.failStatus = 503
        try await withSimulatorClient(testConfiguration(faults: faults)) { client, simulator in
            let form = formBody([("campaign", "Ventas->"), ("number", "59898344484")])
            let failed = try await client.post(Self.path, body: form, authorization: "Bearer api-token-1")
            #expect(failed.status == 503)
            let anonymous = try await client.post(Self.path, body: form)
            #expect(anonymous.status == 401)
            #expect(simulator.removals.all.isEmpty)
            let accepted = try await client.post(Self.path, body: form, authorization: "Bearer api-token-1")
            #expect(accepted.status == 200 && accepted.body == "1")
            #expect(simulator.removals.all.count == 1)
        }
    }
}
