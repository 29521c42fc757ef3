import Foundation
import NIOCore
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

@Suite struct CredentialsTests {
    /// A server answer that echoes the request (the Authorization header, the login form) keeps no secret: it
    /// goes into the report and the ledger.
    @Test func secretsInAServerAnswerAreRedacted() {
        let answer =
            "400 bad request; echo: Authorization: Basic tok-123456; password=p%40ss%20w0rd; token tok-123456"
        let shown = IntegraClient.redact(answer, secrets: ["p@ss w0rd", "tok-123456", "abc"])
        let expected = "400 bad request; echo: Authorization: Basic [redacted]; password=[redacted]; token [redacted]"
        #expect(shown == expected)
        #expect(IntegraClient.redact("abc", secrets: ["abc"]) == "abc")  // too short to tell from text
    }

    @Test func environmentGivesASessionOrABearerToken() throws {
        let server = IngestConfig.Server()
        guard
            case .session(let user, _) = try Credentials.resolve(
                server: server, environment: ["UCONTACT_USER": "u", "UCONTACT_PASSWORD": "p"])
        else {
            Issue.record("expected a session login")
            return
        }
        #expect(user == "u")
        guard case .bearer = try Credentials.resolve(server: server, environment: ["UCONTACT_TOKEN": "t"]) else {
            Issue.record("expected a bearer token")
            return
        }
        #expect(throws: IngestError.self) { try Credentials.resolve(server: server, environment: [:]) }
    }

    @Test func aCredentialsFileOthersCanReadIsRefused() throws {
        let temp = try TemporaryDirectory()
        let path = try temp.write("password", "s3cret\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        var server = IngestConfig.Server()
        server.userFile = try temp.write("user", "loader")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: server.userFile ?? "")
        server.passwordFile = path
        do {
            _ = try Credentials.resolve(server: server, environment: [:])
            Issue.record("a 0644 credentials file must be refused")
        } catch {
            #expect(error.message.contains("chmod 600"))
            #expect(!error.description.contains("s3cret"))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let credentials = try Credentials.resolve(server: server, environment: [:])
        guard case .session(_, let password) = credentials else {
            Issue.record("expected a session login")
            return
        }
        #expect(password == "s3cret")
        #expect(!"\(credentials)".contains("s3cret"))
    }
}
