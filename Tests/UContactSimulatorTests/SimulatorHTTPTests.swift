import Foundation
import Testing
import UContactSimulator

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The Integra endpoints over real HTTP on an ephemeral port.
@Suite struct SimulatorHTTPTests {
    @Test func loginAnswersAJSONArrayEndingWithTheToken() async throws {
        try await withSimulatorClient(testConfiguration()) { client, _ in
            let answer = try await client.login()
            #expect(answer.status == 200)
            let array = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [Any])
            let token = try #require(array.last as? String)
            #expect(token.count >= 32)
            #expect(Data(base64Encoded: token) != nil)
            #expect((array.first as? [String: String])?["user"] == "loader")
            #expect(!answer.body.contains("secret"))
        }
    }

    @Test(arguments: [("loader", "wrong"), ("nobody", "secret"), ("loader", "")])
    func badCredentialsAnswerZeroWithStatus200(user: String, password: String) async throws {
        try await withSimulatorClient(testConfiguration()) { client, _ in
            let answer = try await client.login(user: user, password: password)
            #expect(answer.status == 200)
            #expect(answer.body == "0")
        }
    }

    @Test func uploadIsAcceptedAndRecordedInMemoryOnDiskAndInTheListing() async throws {
        try await withTemporaryDirectory { directory in
            try await withSimulatorClient(testConfiguration(recordDirectory: directory)) { client, simulator in
                let token = try await client.token()
                let answer = try await client.upload(uploadFields(), authorization: "Basic \(token)")
                #expect(answer.status == 200)
                #expect(answer.body == "1")

                let recorded = try #require(simulator.uploads.all.first)
                #expect(simulator.uploads.count == 1)
                #expect(recorded.text == sampleFile)
                #expect(recorded.lines.count == 2)
                #expect(recorded.auth == .session)
                #expect(recorded.campaign == "Ventas->" && recorded.cant == 2 && recorded.username == "loader")

                let file = directory.appendingPathComponent("000001-base.txt")
                #expect(try String(contentsOf: file, encoding: .utf8) == sampleFile)
                let journal = try String(contentsOf: directory.appendingPathComponent("uploads.jsonl"), encoding: .utf8)
                #expect(journal.split(separator: "\n").count == 1)
                let line = try JSONDecoder().decode(JournalLine.self, from: Data(journal.utf8))
                #expect(
                    line
                        == JournalLine(
                            seq: 1, endpoint: "uploadbase", filename: "base.txt", campaign: "Ventas->", timezone: nil,
                            cant: 2, bytes: sampleFile.utf8.count, username: "loader", auth: "session")
                )
                #expect(!journal.contains(token) && !journal.contains("secret"))

                let listing = try await client.get("_sim/uploads")
                #expect(try JSONDecoder().decode([JournalLine].self, from: Data(listing.body.utf8)) == [line])
            }
        }
    }

    /// A `+` left unescaped reaches the servlet as a space, so the base64 no longer decodes.
    @Test(arguments: [true, false])
    func unescapedPlusInFileb64IsRejected(strict: Bool) async throws {
        let content = "Ventas->;099123456;nota=ab>0;;;\n"
        let base64 = Data(content.utf8).base64EncodedString()
        try #require(base64.contains("+"))
        var configuration = testConfiguration()
        configuration.strictFormEncoding = strict
        try await withSimulatorClient(configuration) { client, simulator in
            let escapedAllButPlus = formEscape(base64).replacingOccurrences(of: "%2B", with: "+")
            let body = "filename=a.txt&fileb64=\(escapedAllButPlus)&campaign=Ventas-%3E&cant=1&username=loader"
            let bad = try await client.post(
                "Integra/resources/Dialers/uploadbase", body: body, authorization: "Bearer api-token-1")
            #expect(bad.status == 400)
            #expect(bad.body.contains("unescaped '+'"))
            #expect(simulator.uploads.count == 0)

            let fields = uploadFields(content: content, filename: "a.txt")
            let good = try await client.upload(fields, authorization: "Bearer api-token-1")
            #expect(good.status == 200)
            #expect(simulator.uploads.all.map(\.text) == [content])
        }
    }

    /// `/` and `=` survive a servlet's decoding; only strict mode (the default) flags them.
    @Test(arguments: [true, false])
    func unescapedPaddingIsFlaggedOnlyInStrictMode(strict: Bool) async throws {
        let base64 = Data("Ventas->;099123456;;;;\n".utf8).base64EncodedString()
        try #require(base64.hasSuffix("=") && !base64.contains("+"))
        var configuration = testConfiguration()
        configuration.strictFormEncoding = strict
        try await withSimulatorClient(configuration) { client, simulator in
            let body = "filename=a.txt&fileb64=\(base64)&campaign=Ventas-%3E&cant=1&username=loader"
            let answer = try await client.post(
                "Integra/resources/Dialers/uploadbase", body: body, authorization: "Bearer api-token-1")
            #expect(answer.status == (strict ? 400 : 200))
            #expect(simulator.uploads.count == (strict ? 0 : 1))
        }
    }

    @Test(
        arguments: [
            (uploadFields(cant: 3), "cant is 3 but the file has 2 lines"),
            (uploadFields(content: "Ventas->;1;;;;\nCobros->;2;;;;\n"), "line 2: first field is not the campaign"),
            (uploadFields(content: "Ventas->;099123456;a=1;;5\n"), "line 1 has 5 fields; expected 6"),
            (uploadFields(campaign: "Cobros<-"), "line 1: first field is not the campaign"),
        ]
    )
    func invalidUploadsGet400WithAReason(fields: [(String, String)], reason: String) async throws {
        try await withSimulatorClient(testConfiguration()) { client, simulator in
            let answer = try await client.upload(fields, authorization: "Bearer api-token-1")
            #expect(answer.status == 400)
            #expect(answer.body.hasPrefix(reason))
            #expect(simulator.uploads.count == 0)
        }
    }

    @Test(arguments: [nil, "Bearer wrong-token", "Basic bG9hZGVyOnNlY3JldA==", "Token api-token-1", "Bearer"])
    func uploadWithoutValidAuthorizationGets401(authorization: String?) async throws {
        try await withSimulatorClient(testConfiguration()) { client, simulator in
            let answer = try await client.upload(uploadFields(), authorization: authorization)
            #expect(answer.status == 401)
            #expect(simulator.uploads.count == 0)
        }
    }

    @Test func bearerTokenIsAccepted() async throws {
        try await withSimulatorClient(testConfiguration()) { client, simulator in
            let answer = try await client.upload(uploadFields(), authorization: "Bearer api-token-1")
            #expect(answer.body == "1")
            #expect(simulator.uploads.all.map(\.auth) == [.bearer])
        }
    }

    @Test func uploadWithTimezoneRecordsTheZoneAndRefusesUnknownOnes() async throws {
        try await withSimulatorClient(testConfiguration()) { client, simulator in
            let good = try await client.upload(
                uploadFields(timezone: "America/Montevideo"), endpoint: .uploadBaseWithTimezone,
                authorization: "Bearer api-token-1")
            #expect(good.body == "1")
            let bad = try await client.upload(
                uploadFields(timezone: "Mars/Olympus_Mons"), endpoint: .uploadBaseWithTimezone,
                authorization: "Bearer api-token-1")
            #expect(bad.status == 400)
            #expect(simulator.uploads.all.map(\.timezone) == ["America/Montevideo"])
            #expect(simulator.uploads.all.map(\.endpoint) == [.uploadBaseWithTimezone])
        }
    }

    @Test func endSessionInvalidatesTheToken() async throws {
        try await withSimulatorClient(testConfiguration()) { client, _ in
            let token = try await client.token()
            let end = try await client.post(
                "Integra/resources/auth/EndSession", body: formBody([("user", "loader"), ("token", token)]))
            #expect(end.body == "1")
            let upload = try await client.upload(uploadFields(), authorization: "Basic \(token)")
            #expect(upload.status == 401)
            let again = try await client.post(
                "Integra/resources/auth/EndSession", body: formBody([("user", "loader"), ("token", token)]))
            #expect(again.body == "0")
        }
    }

    @Test func aBodyThatIsNotAFormIsRefused() async throws {
        try await withSimulatorClient(testConfiguration()) { client, _ in
            let answer = try await client.post(
                "Integra/resources/Dialers/uploadbase", body: formBody(uploadFields()), contentType: "text/plain",
                authorization: "Bearer api-token-1")
            #expect(answer.status == 400)
        }
    }

    @Test func aBodyOverTheLimitGets413() async throws {
        var configuration = testConfiguration()
        configuration.maxBodyBytes = 100
        try await withSimulatorClient(configuration) { client, simulator in
            let answer = try await client.upload(uploadFields(), authorization: "Bearer api-token-1")
            #expect(answer.status == 413)
            #expect(simulator.uploads.count == 0)
        }
    }

    @Test func aTakenPortIsReportedAsNotListening() async throws {
        try await withRunningSimulator(testConfiguration(), logger: quietLogger) { baseURL, _ in
            var second = testConfiguration()
            second.port = try #require(baseURL.port)
            await #expect {
                try await withRunningSimulator(second, logger: quietLogger) { _, _ in }
            } throws: { error in
                (error as? SimulatorError)?.code == .notListening
            }
        }
    }

    @Test func faultsCanBeReplacedAtRuntimeAndUnknownKeysAreNamed() async throws {
        try await withSimulatorClient(testConfiguration()) { client, simulator in
            let bad = try await client.post("_sim/faults", body: #"{"failFrist":1}"#, contentType: "application/json")
            #expect(bad.status == 400)
            #expect(bad.body.contains("failFrist"))
            let good = try await client.post(
                "_sim/faults", body: #"{"failFirst":1,"failStatus":500}"#, contentType: "application/json")
            #expect(good.status == 200)
            #expect(simulator.faults == SimulatorFaults(failFirst: 1, failStatus: 500))
            let listed = try await client.get("_sim/faults")
            #expect(try JSONDecoder().decode(SimulatorFaults.self, from: Data(listed.body.utf8)) == simulator.faults)
            let upload = try await client.upload(uploadFields(), authorization: "Bearer api-token-1")
            #expect(upload.status == 500)
        }
    }
}

/// One line of `uploads.jsonl`, decoded independently of the simulator's own types.
struct JournalLine: Codable, Equatable {
    var seq: Int
    var endpoint: String
    var filename: String
    var campaign: String
    var timezone: String?
    var cant: Int
    var bytes: Int
    var username: String
    var auth: String
}
