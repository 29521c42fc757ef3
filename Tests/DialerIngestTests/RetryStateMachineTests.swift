import Foundation
import NIOCore
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

@Suite struct RetryStateMachineTests {
    var random = SplitMix(state: 42)

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
        // A problem on this machine is not the network's: retrying would meet it again.
        var local = UploadAttempts(policy: RetryPolicy())
        #expect(local.record(.localFailure("cannot read"), random: &random) == .failed("cannot read"))
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
