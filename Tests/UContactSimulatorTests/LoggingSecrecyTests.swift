import Foundation
import Logging
import Synchronization
import Testing
import UContactSimulator

/// Passwords and tokens never reach the logs, even at trace level.
@Suite struct LoggingSecrecyTests {
    @Test func noPasswordOrTokenIsLogged() async throws {
        let recorder = LogRecorder()
        var logger = Logger(label: "secrecy") { _ in recorder }
        logger.logLevel = .trace
        var configuration = testConfiguration()
        configuration.users = ["loader": "pa55-word"]
        configuration.apiTokens = ["bearer-secret-1"]
        let token = try await withRunningSimulator(configuration, logger: logger) { baseURL, _ in
            try await SimulatorClient.with(baseURL) { client in
                _ = try await client.login(user: "loader", password: "wrong-pa55")
                let token = try await client.token(user: "loader", password: "pa55-word")
                #expect(try await client.upload(uploadFields(), authorization: "Basic \(token)").body == "1")
                #expect(try await client.upload(uploadFields(), authorization: "Bearer bearer-secret-1").body == "1")
                #expect(try await client.upload(uploadFields(), authorization: "Bearer bearer-secret-2").status == 401)
                _ = try await client.post(
                    "Integra/resources/auth/EndSession", body: formBody([("user", "loader"), ("token", token)]))
                return token
            }
        }
        let text = recorder.text
        #expect(text.contains("loader"))
        #expect(text.contains("upload recorded"))
        for secret in ["pa55-word", "wrong-pa55", "bearer-secret-1", "bearer-secret-2", token] {
            #expect(!text.contains(secret))
        }
    }
}

/// Keeps every log line, metadata included, as text.
final class LogRecorder: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}  // The simulator's per-request metadata arrives with each call.
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}  // Records everything whatever the logger asks for.
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        lines.withLock { $0.append("\(event.level) \(event.message) \(event.metadata ?? [:])") }
    }
}
