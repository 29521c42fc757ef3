import Foundation

/// How failed uploads are retried: full-jitter exponential backoff, `Retry-After` honoured but capped.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts = 6
    public var baseDelay: Duration = .seconds(1)
    public var maxDelay: Duration = .seconds(60)
    /// A server's `Retry-After` is obeyed up to this long.
    public var maxRetryAfter: Duration = .seconds(300)

    public init() {}

    /// Statuses worth another try: the server or a proxy was busy or failing, not refusing the content.
    package static let retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    /// Full jitter: a uniform delay in `0...min(maxDelay, base * 2^(attempt-1))`.
    package func backoff(afterAttempt attempt: Int, using random: inout some RandomNumberGenerator) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        let milliseconds = ceiling.components.seconds * 1000 + ceiling.components.attoseconds / 1_000_000_000_000_000
        return .milliseconds(Int64.random(in: 0...max(milliseconds, 0), using: &random))
    }
}
