import Foundation
import NIOCore
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// A seeded generator (SplitMix64): backoff delays are the same on every run.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct RetryStateMachineTests {
    var random = SeededRandom(state: 42)

    @Test mutating func onlyABodyOfOneWithA2xxIsSuccess() {
        var machine = UploadAttempts(policy: RetryPolicy())
        #expect(machine.record(.response(status: 200, body: " 1\n", retryAfter: nil), random: &random) == .accepted)
        var zero = UploadAttempts(policy: RetryPolicy())
        guard
            case .failed(let detail) = zero.record(.response(status: 200, body: "0", retryAfter: nil), random: &random)
        else {
            Issue.record("a 0 body must fail")
            return
        }
        #expect(detail.contains("HTTP 200: 0"))
    }

    @Test(arguments: [408, 429, 500, 502, 503, 504])
    mutating func busyStatusesAreRetriedUntilTheAttemptsRunOut(_ status: Int) {
        var policy = RetryPolicy()
        policy.maxAttempts = 3
        var machine = UploadAttempts(policy: policy)
        let busy = AttemptResult.response(status: status, body: "busy", retryAfter: nil)
        guard case .retry = machine.record(busy, random: &random), case .retry = machine.record(busy, random: &random)
        else {
            Issue.record("expected two retries")
            return
        }
        guard case .failed(let detail) = machine.record(busy, random: &random) else {
            Issue.record("expected to give up")
            return
        }
        #expect(detail.contains("after 3 attempts"))
    }

    @Test(arguments: [400, 403, 404, 411, 413, 414])
    mutating func refusalsAreNotRetried(_ status: Int) {
        var machine = UploadAttempts(policy: RetryPolicy())
        guard case .failed = machine.record(.response(status: status, body: "no", retryAfter: nil), random: &random)
        else {
            Issue.record("\(status) must not be retried")
            return
        }
        #expect(machine.attempts == 1)
    }

    @Test(arguments: [(411, "without Content-Length"), (413, "too large"), (414, "URL as too long")])
    mutating func aRefusedRequestFormSaysWhatTheServerRefused(_ status: Int, _ words: String) {
        var machine = UploadAttempts(policy: RetryPolicy())
        let answer = AttemptResult.response(status: status, body: "<html>nope</html>", retryAfter: nil)
        guard case .failed(let detail) = machine.record(answer, random: &random) else {
            Issue.record("\(status) must fail at once")
            return
        }
        #expect(detail.contains(words) && detail.contains("HTTP \(status)"), "\(detail)")
    }

    @Test mutating func retryAfterIsHonouredButCapped() {
        var policy = RetryPolicy()
        policy.maxRetryAfter = .seconds(30)
        var machine = UploadAttempts(policy: policy)
        #expect(
            machine.record(.response(status: 429, body: "", retryAfter: .seconds(5)), random: &random)
                == .retry(after: .seconds(5)))
        #expect(
            machine.record(.response(status: 503, body: "", retryAfter: .seconds(900)), random: &random)
                == .retry(after: .seconds(30)))
    }

    @Test mutating func fullJitterStaysUnderTheExponentialCeiling() {
        var policy = RetryPolicy()
        policy.baseDelay = .seconds(1)
        policy.maxDelay = .seconds(60)
        var zeroCeiling = policy
        zeroCeiling.baseDelay = .zero
        #expect(zeroCeiling.backoff(afterAttempt: 3, using: &random) == .zero)
        var system = SystemRandomNumberGenerator()
        for attempt in 1...10 {
            let ceiling = min(Duration.seconds(60), .seconds(1 << (attempt - 1)))
            #expect(policy.backoff(afterAttempt: attempt, using: &system) <= ceiling)
        }
    }

    @Test mutating func aSentRequestWithoutAnswerIsUncertainAndAnUnsentOneIsRetried() {
        var machine = UploadAttempts(policy: RetryPolicy())
        guard case .retry = machine.record(.notSent("connection refused"), random: &random) else {
            Issue.record("an unsent request is safe to retry")
            return
        }
        #expect(machine.record(.outcomeUnknown("timeout"), random: &random) == .uncertain("timeout"))
    }

    @Test mutating func a401LogsInAgainOnce() {
        var machine = UploadAttempts(policy: RetryPolicy())
        let unauthorized = AttemptResult.response(status: 401, body: "", retryAfter: nil)
        #expect(machine.record(unauthorized, random: &random) == .reauthenticate)
        guard case .failed = machine.record(unauthorized, random: &random) else {
            Issue.record("a second 401 is a failure")
            return
        }
    }

    @Test func retryAfterParsesSecondsAndHTTPDates() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryAfter.parse("120", now: now) == .seconds(120))
        #expect(RetryAfter.parse("Tue, 14 Nov 2023 22:13:27 GMT", now: now) == .seconds(7))
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse(nil, now: now) == nil)
    }
}

@Suite struct FormBodyTests {
    @Test func base64IsPercentEncodedAndStreamedInBlocks() throws {
        let temp = try TemporaryDirectory()
        // Bytes whose base64 has + / and = in it, over more than one block.
        var content = Data()
        for index in 0..<(FormBody.blockSize + 1000) { content.append(UInt8(truncatingIfNeeded: index * 251 + 0xFB)) }
        let path = temp.file("chunk.txt")
        try content.write(to: URL(fileURLWithPath: path))
        var body = FormBody(fields: [("filename", "a b+c.txt"), ("campaign", "Ventas->")], filePath: path)
        var blocks: [[UInt8]] = []
        while let block = try body.next() { blocks.append(Array(block.readableBytesView)) }
        #expect(blocks.count == 3, "prefix, one full block, the rest")
        let text = String(decoding: blocks.joined(), as: UTF8.self)
        #expect(text.hasPrefix("filename=a%20b%2Bc.txt&campaign=Ventas-%3E&fileb64="))
        let encoded = String(text.dropFirst("filename=a%20b%2Bc.txt&campaign=Ventas-%3E&fileb64=".count))
        #expect(!encoded.contains("+") && !encoded.contains("/") && !encoded.contains("="))
        let decoded = encoded.replacingOccurrences(of: "%2B", with: "+").replacingOccurrences(of: "%2F", with: "/")
            .replacingOccurrences(of: "%3D", with: "=")
        #expect(Data(base64Encoded: decoded) == content)
    }

    /// The `Content-Length` sent is the body's exact size, whatever the content's share of `+` and `/`.
    @Test(arguments: [0, 1, 2, 1000, FormBody.blockSize - 1, FormBody.blockSize, FormBody.blockSize * 2 + 7])
    func theLengthIsTheBodysByteCount(_ count: Int) throws {
        let temp = try TemporaryDirectory()
        for seed in [0xFB, 0x00, 0x3E] {
            let content = Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ seed) })
            let path = temp.file("chunk-\(seed).txt")
            try content.write(to: URL(fileURLWithPath: path))
            let fields = [("filename", "a b+c.txt"), ("campaign", "Ventas->"), ("cant", "\(count)")]
            var body = FormBody(fields: fields, filePath: path)
            var total = 0
            while let block = try body.next() { total += block.readableBytes }
            #expect(try FormBody.length(fields: fields, filePath: path) == total)
        }
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5, 15, 16, 17, 27, 28, 62, 63, 64, 65, 1000, 65_539])
    func theEncodingIsBase64PercentEncoded(_ count: Int) {
        let input = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 157 &+ 0xFB) }
        let expected = Data(input).base64EncodedString().replacingOccurrences(of: "+", with: "%2B")
            .replacingOccurrences(of: "/", with: "%2F").replacingOccurrences(of: "=", with: "%3D")
        let encoded = input.withUnsafeBytes { bytes in
            [UInt8](unsafeUninitializedCapacity: FormBase64.maximumLength(of: count) + 1) { output, written in
                guard let base = output.baseAddress else { return }
                written = FormBase64.encode(bytes, into: base)
            }
        }
        #expect(String(decoding: encoded, as: UTF8.self) == expected)
    }
}

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
