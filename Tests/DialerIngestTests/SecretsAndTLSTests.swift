import Foundation
import Logging
import Testing
import UContactSimulator

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// Secrets never reach an output channel; TLS is verified, with a private CA only when the config names it;
/// a file that changes while it is read sends nothing.
@Suite(.serialized) struct SecretsAndTLSTests {
    static let password = "pa55-w0rd-HARDEN"
    static let token = "tok-7f3a9c-HARDEN"
    static let files = ["fixtures/campaigns.csv"]

    /// - Parameter timeout: async-http-client retries a failed TLS handshake until the request's deadline.
    func config(_ temp: borrowing TemporaryDirectory, base: URL, extra: String = "", timeout: Int = 20) throws -> String
    {
        try temp.write(
            "config.yaml",
            """
            server:
              url: \(base.absoluteString)
            \(extra)
            campaign: "Ventas->"
            state_dir: \(temp.file("state"))
            upload:
              username: demo
              chunk_rows: 20
              max_attempts: 2
              retry_base_ms: 10
              retry_max_ms: 20
              timeout_seconds: \(timeout)
            """)
    }

    /// Every byte the runs and the simulator left in `temp`, plus what they printed.
    func everything(in temp: borrowing TemporaryDirectory, printed: [Tool.Result]) -> String {
        var text = printed.map { $0.stdout + $0.stderr }.joined()
        let enumerator = FileManager.default.enumerator(atPath: temp.path)
        while let name = enumerator?.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: temp.file(name)) {
                text += String(decoding: data, as: UTF8.self)
            }
        }
        return text
    }

    @Test func noPasswordOrTokenInAnyOutputAfterGoodAndBadLogins() async throws {
        let temp = try TemporaryDirectory()
        let simulator = SimulatorConfiguration(
            users: ["loader": Self.password], apiTokens: [Self.token], recordDirectory: temp.file("sim-records"))
        try await withRunningSimulator(simulator, logger: UploadEndToEndTests.quiet) { base, simulator in
            let config = try config(temp, base: base)
            // Rejects too: campaigns.csv has rejected rows, whose file goes beside the report.
            func run(_ environment: [String: String], report: String) async throws -> Tool.Result {
                try await Tool.runDetached(
                    ["run", "-c", config, "--log-level", "trace", "--force", "--report", temp.file(report)]
                        + Self.files, environment: environment)
            }
            let badPassword = try await run(
                ["UCONTACT_USER": "loader", "UCONTACT_PASSWORD": "x" + Self.password], report: "r1.json")
            #expect(badPassword.status == 77, "\(badPassword.stderr)")
            let goodPassword = try await run(
                ["UCONTACT_USER": "loader", "UCONTACT_PASSWORD": Self.password], report: "r2.json")
            #expect(goodPassword.status == 0, "\(goodPassword.stderr)")
            let badToken = try await run(["UCONTACT_TOKEN": "x" + Self.token], report: "r3.json")
            #expect(badToken.status != 0, "\(badToken.stderr)")
            let goodToken = try await run(["UCONTACT_TOKEN": Self.token], report: "r4.json")
            #expect(goodToken.status == 0, "\(goodToken.stderr)")
            #expect(simulator.uploads.count > 0)

            let all = everything(in: temp, printed: [badPassword, goodPassword, badToken, goodToken])
            #expect(!all.contains(Self.password))
            #expect(!all.contains(Self.token))
            // The channels were really read: logs at trace, the report, the rejects, the simulator's records.
            #expect(all.contains("logged in"))
            #expect(all.contains("invalid-timezone"))
            #expect(all.contains("\"status\""))
            #expect(FileManager.default.fileExists(atPath: temp.file("sim-records/uploads.jsonl")))
        }
    }

    @Test func aCredentialsFileOthersCanReadIsRefused() async throws {
        let temp = try TemporaryDirectory()
        let tokenFile = try temp.write("token", Self.token + "\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: tokenFile)
        let nowhere = try #require(URL(string: "http://127.0.0.1:9"))
        let config = try config(temp, base: nowhere, extra: "  token_file: \(tokenFile)")
        let result = try await Tool.runDetached(["run", "-c", config] + Self.files)
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("can be read by others (mode 644): chmod 600 it"), "\(result.stderr)")
        #expect(!result.stderr.contains(Self.token))
    }

    /// A self-signed certificate for 127.0.0.1 made with the openssl CLI: (certificate, key).
    func selfSigned(_ temp: borrowing TemporaryDirectory) throws -> (String, String) {
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", temp.file("key.pem"), "-out", temp.file("cert.pem"),
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        #expect(openssl.terminationStatus == 0)
        return (temp.file("cert.pem"), temp.file("key.pem"))
    }

    @Test(.tags(.slow)) func aSelfSignedServerIsRefusedUnlessItsCAIsNamed() async throws {
        let temp = try TemporaryDirectory()
        let (certificate, key) = try selfSigned(temp)
        let simulator = SimulatorConfiguration(
            users: ["loader": Self.password], tls: SimulatorTLS(certificatePath: certificate, privateKeyPath: key))
        let environment = ["UCONTACT_USER": "loader", "UCONTACT_PASSWORD": Self.password]
        try await withRunningSimulator(simulator, logger: UploadEndToEndTests.quiet) { base, simulator in
            #expect(base.scheme == "https")
            let refused = try await Tool.runDetached(
                ["run", "-c", try config(temp, base: base, timeout: 3)] + Self.files, environment: environment)
            #expect(refused.status == 69, "\(refused.stderr)")
            #expect(refused.stderr.contains("TLS certificate is not trusted"), "\(refused.stderr)")
            #expect(refused.stderr.contains("server.ca_file"))
            #expect(refused.stderr.contains("[tls-untrusted]"))
            #expect(simulator.uploads.count == 0)

            // No key turns verification off: an attempt is a config error, not a quiet downgrade.
            let insecure = try await Tool.runDetached(
                ["run", "-c", try config(temp, base: base, extra: "  verify_tls: false")] + Self.files,
                environment: environment)
            #expect(insecure.status == 78, "\(insecure.stderr)")
            #expect(simulator.uploads.count == 0)

            let trusted = try await Tool.runDetached(
                ["run", "-c", try config(temp, base: base, extra: "  ca_file: \(certificate)")] + Self.files,
                environment: environment)
            #expect(trusted.status == 0, "\(trusted.stderr)")
            #expect(simulator.uploads.count > 0)
        }
    }

    @Test func aFileThatChangesWhileReadSendsNothing() async throws {
        let temp = try TemporaryDirectory()
        var text = "telefono,nombre\n"
        for index in 0..<200_000 { text += "09\(String(format: "%07d", index)),N\n" }
        let growing = try temp.write("growing.csv", text)
        // An exporter still appending to the file while the tool reads it.
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        // Bounded: it stops by itself after 30 s even if the test dies first.
        writer.arguments = [
            "-c",
            "end=$(($(date +%s) + 30)); while [ $(date +%s) -lt $end ]; do echo 099999999,late >> '\(growing)'; done",
        ]
        try writer.run()
        defer {
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
        }
        usleep(100_000)
        try await withRunningSimulator(
            SimulatorConfiguration(users: ["loader": Self.password]), logger: UploadEndToEndTests.quiet
        ) { base, simulator in
            let result = try await Tool.runDetached(
                ["run", "-c", try config(temp, base: base), growing] + Self.files,
                environment: ["UCONTACT_USER": "loader", "UCONTACT_PASSWORD": Self.password])
            #expect(result.status == 65, "\(result.stderr)")
            #expect(
                result.stderr.contains("growing.csv: FAILED: the file changed while it was being read"),
                "\(result.stderr)")
            #expect(result.stderr.contains("[file-changed]"))
            let sent = simulator.uploads.all.map(\.filename)
            #expect(!sent.isEmpty, "the good file is still sent")
            #expect(sent.allSatisfy { $0.hasPrefix("campaigns_") }, "\(sent)")
        }
    }
}
