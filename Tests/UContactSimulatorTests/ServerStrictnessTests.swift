import Foundation
import Testing
import UContactSimulator

/// What a strict real server does that a lenient stand-in would let through: bodies without a length,
/// uploads into campaigns it does not have.
@Suite struct ServerStrictnessTests {
    private let bearer = "Bearer api-token-1"

    /// `body` sent with `Transfer-Encoding: chunked` in one chunk, as a streaming client without a length does.
    private func chunkedPost(path: String, body: String) -> String {
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(bearer)\r\n"
            + "Content-Type: application/x-www-form-urlencoded; charset=UTF-8\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + String(body.utf8.count, radix: 16) + "\r\n\(body)\r\n0\r\n\r\n"
    }

    @Test func chunkedBodiesAreRefusedWith411UnlessAccepted() async throws {
        for accept in [false, true] {
            var configuration = testConfiguration()
            configuration.acceptChunkedBodies = accept
            try await withRunningSimulator(configuration, logger: quietLogger) { baseURL, simulator in
                let port = try #require(baseURL.port)
                let request = chunkedPost(path: "/Integra/resources/Dialers/uploadbase", body: formBody(uploadFields()))
                let text = String(
                    decoding: try await rawHTTPExchange(port: port, request: request).received, as: UTF8.self)
                if accept {
                    #expect(text.hasPrefix("HTTP/1.1 200"), "\(text)")
                    #expect(simulator.uploads.count == 1)
                } else {
                    #expect(text.hasPrefix("HTTP/1.1 411"), "\(text)")
                    #expect(text.contains("Content-Length"), "the answer says what is refused: \(text)")
                    #expect(simulator.uploads.count == 0)
                }
            }
        }
    }

    @Test func aPostWithoutAnyLengthIsRefusedToo() async throws {
        try await withRunningSimulator(testConfiguration(), logger: quietLogger) { baseURL, simulator in
            let port = try #require(baseURL.port)
            let request =
                "POST /Integra/resources/auth/getUserToken HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n"
            let text = String(decoding: try await rawHTTPExchange(port: port, request: request).received, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 411"), "\(text)")
        }
    }

    @Test func campaignStatusListsTheConfiguredCampaignsAsTheVendorShows() async throws {
        var configuration = testConfiguration()
        configuration.campaigns = ["Power<-", "test->"]
        try await withSimulatorClient(configuration) { client, _ in
            let path = "Integra/resources/Supervisor/campaignstatus"
            let all = try await client.post(path, body: "queue=", authorization: bearer)
            #expect(all.status == 200)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(all.body.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["Power<-", "test->"])
            let power = try #require(object["Power<-"] as? [String: Any])
            #expect(power["campaign"] as? String == "Power<-")
            #expect(power["strategy"] as? String == "leastrecent")

            let one = try await client.post(path, body: "queue=test-%3E", authorization: bearer)
            let only = try #require(try JSONSerialization.jsonObject(with: Data(one.body.utf8)) as? [String: Any])
            #expect(Array(only.keys) == ["test->"])

            let anonymous = try await client.post(path, body: "queue=")
            #expect(anonymous.status == 401)
        }
    }

    @Test func aServerWithoutCampaignStatusAnswers404() async throws {
        var configuration = testConfiguration()
        configuration.campaignStatus = false
        try await withSimulatorClient(configuration) { client, _ in
            let answer = try await client.post(
                "Integra/resources/Supervisor/campaignstatus", body: "queue=", authorization: bearer)
            #expect(answer.status == 404)
        }
    }

    @Test func anUploadIntoAnUnknownCampaignIsAnsweredOneAndDiscarded() async throws {
        try await withTemporaryDirectory { directory in
            var configuration = testConfiguration(recordDirectory: directory)
            configuration.campaigns = ["Ventas<-"]
            try await withSimulatorClient(configuration) { client, simulator in
                let answer = try await client.upload(uploadFields(campaign: "Ventas->"), authorization: bearer)
                #expect(answer.status == 200 && answer.body == "1")
                let upload = try #require(simulator.uploads.all.first)
                #expect(upload.discarded)
                let journal = try String(
                    contentsOf: directory.appendingPathComponent(UploadStore.journalName), encoding: .utf8)
                #expect(journal.contains("\"discarded\":true"), "\(journal)")
            }
        }
    }
}
