import Foundation
import IngestCore

/// What one HTTP attempt to upload a chunk came to.
enum AttemptResult: Sendable, Equatable {
    /// The server answered.
    case response(status: Int, body: String, retryAfter: Duration?)
    /// The request never reached the server (connect refused, DNS, TLS handshake): safe to retry.
    case notSent(String)
    /// The request was (or may have been) sent, then the connection failed or timed out: the server may
    /// have applied it. Without an idempotency key, re-sending could load the leads twice.
    case outcomeUnknown(String)
    /// Nothing was sent because of a problem on this machine (the spooled chunk cannot be read): another
    /// try would meet it again.
    case localFailure(String)
}

/// The upload of one chunk as a pure state machine: it is told what each attempt came to and says what
/// to do next, so the retry rules are tested without a network or a clock.
struct UploadAttempts: Sendable {
    enum Action: Sendable, Equatable {
        case accepted
        case retry(after: Duration)
        /// Given up: the status (if any) and the start of the body, for the report.
        case failed(String)
        /// May have been applied; not re-sent unless the operator asks.
        case uncertain(String)
        /// The session expired: log in again, then retry at once (once).
        case reauthenticate
    }

    let policy: RetryPolicy
    private(set) var attempts = 0
    private var reauthenticated = false

    init(policy: RetryPolicy) {
        self.policy = policy
    }

    /// What the server refused, for the statuses that say so about the request's form rather than its
    /// content; none of them is retried (the same request would be refused again).
    static let refusals: [Int: String] = [
        411: "the server refused a body without Content-Length (411 Length Required)",
        413: "the server refused the body as too large (413): lower upload.chunk_bytes or upload.chunk_rows",
        414: "the server refused the request URL as too long (414): check server.url",
    ]

    mutating func record(_ result: AttemptResult, random: inout some RandomNumberGenerator) -> Action {
        attempts += 1
        switch result {
        case .response(let status, let body, let retryAfter):
            let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
            if (200..<300).contains(status) && trimmed == "1" { return .accepted }
            var summary = "HTTP \(status): \(Terminal.escaped(String(trimmed.prefix(200))))"
            if let refusal = Self.refusals[status] { summary = "\(refusal) (\(summary))" }
            if status == 401 && !reauthenticated {
                reauthenticated = true
                return .reauthenticate
            }
            guard RetryPolicy.retryableStatuses.contains(status) else { return .failed(summary) }
            guard attempts < policy.maxAttempts else { return .failed("\(summary) (after \(attempts) attempts)") }
            if let retryAfter { return .retry(after: min(retryAfter, policy.maxRetryAfter)) }
            return .retry(after: policy.backoff(afterAttempt: attempts, using: &random))
        case .notSent(let reason):
            guard attempts < policy.maxAttempts else { return .failed("\(reason) (after \(attempts) attempts)") }
            return .retry(after: policy.backoff(afterAttempt: attempts, using: &random))
        case .localFailure(let reason):
            return .failed(reason)
        case .outcomeUnknown(let reason):
            return .uncertain(reason)
        }
    }
}
