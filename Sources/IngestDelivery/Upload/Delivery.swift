import Crypto
import Foundation
import IngestCore
import Logging
import Synchronization

/// DELIVER: sends a prepared file's chunks (a few in flight), consulting and updating the ledger around
/// every send, so nothing accepted is sent twice and an uncertain send is never silently repeated.
package final class Delivery: Sendable {
    package struct Options: Sendable {
        package var username: String
        package var concurrency: Int
        package var policy: RetryPolicy
        /// Re-send chunks the ledger has as accepted.
        package var force = false
        /// Re-send chunks whose earlier send may or may not have been applied.
        package var resendUncertain = false
        /// After this many chunks in a row failed for good, the rest are left pending.
        package var maxConsecutiveFailures = 3
        /// Asked before each chunk's first send: when true (a daemon stopping), the chunk is left pending.
        package var shouldStop: (@Sendable () -> Bool)?

        package init(username: String, concurrency: Int, policy: RetryPolicy) {
            self.username = username
            self.concurrency = concurrency
            self.policy = policy
        }
    }

    let client: IntegraClient
    let ledger: Ledger
    let run: Int64
    let options: Options
    let logger: Logger
    private let consecutiveFailures = Mutex(0)

    package init(client: IntegraClient, ledger: Ledger, run: Int64, options: Options, logger: Logger) {
        self.client = client
        self.ledger = ledger
        self.run = run
        self.options = options
        self.logger = logger
    }

    /// True once too many chunks (or removals) failed in a row: the run stops sending.
    var halted: Bool { consecutiveFailures.withLock { $0 >= options.maxConsecutiveFailures } }

    func noteFailure() { consecutiveFailures.withLock { $0 += 1 } }
    func resetFailures() { consecutiveFailures.withLock { $0 = 0 } }

    /// Sends `chunks` of the file `fileSHA`; returns one report entry per chunk, in order.
    /// - Throws: `auth-refused` (the run must stop), `ledger-failed`.
    package func deliver(_ chunks: [SpooledChunk], file: String, fileSHA: String) async throws(IngestError)
        -> [UploadReport]
    {
        let (reports, stop) = await deliverUntilStopped(chunks, file: file, fileSHA: fileSHA)
        if let stop { throw stop }
        return reports
    }

    /// As ``deliver(_:file:fileSHA:)``, with what must stop the run (`auth-refused`, `ledger-failed`) handed
    /// back beside the reports instead of thrown, so the chunks accepted before it are still reported; the
    /// chunks it left unsent are `pending`.
    package func deliverUntilStopped(_ chunks: [SpooledChunk], file: String, fileSHA: String) async
        -> (reports: [UploadReport], stop: IngestError?)
    {
        let unsent = { (index: Int) in
            Self.report(chunks[index], file: file, status: .pending, attempts: 0, detail: nil)
        }
        do {
            _ = try await client.authorization()  // a refused login stops the run before anything is sent
        } catch {
            return (chunks.indices.map(unsent), error)
        }
        let (reports, failure) = await withTaskGroup(of: ChunkOutcome.self) { group in
            var collected = [UploadReport?](repeating: nil, count: chunks.count)
            var next = 0
            func start() {
                guard next < chunks.count else { return }
                let index = next
                next += 1
                group.addTask { await self.outcome(of: chunks[index], index: index, file: file, fileSHA: fileSHA) }
            }
            for _ in 0..<max(1, options.concurrency) { start() }
            var failure: IngestError?
            for await outcome in group {
                switch outcome.result {
                case .success(let report): collected[outcome.index] = report
                case .failure(let error): failure = failure ?? error
                }
                if failure == nil { start() }
            }
            return (collected, failure)
        }
        return (reports.enumerated().map { index, report in report ?? unsent(index) }, failure)
    }

    /// What a child task hands back. A struct rather than a tuple holding a `do throws(…)` result: that form
    /// came back with a garbage index in release builds (Swift 6.3.1).
    private struct ChunkOutcome: Sendable {
        let index: Int
        let result: Result<UploadReport, IngestError>
    }

    private func outcome(of chunk: SpooledChunk, index: Int, file: String, fileSHA: String) async -> ChunkOutcome {
        // The numbers file served this delivery only: the ledger has them, or the next run makes it again. Its
        // folder (the file's own) goes with the last of them.
        defer {
            if let numbers = chunk.numbers {
                unlink(numbers)
                rmdir((numbers as NSString).deletingLastPathComponent)
            }
        }
        do {
            return ChunkOutcome(index: index, result: .success(try await send(chunk, file: file, fileSHA: fileSHA)))
        } catch {
            return ChunkOutcome(index: index, result: .failure(error))
        }
    }

    private func send(_ chunk: SpooledChunk, file: String, fileSHA: String) async throws(IngestError) -> UploadReport {
        let key = try Self.key(of: chunk, fileSHA: fileSHA)
        if let (status, attempts) = try ledger.status(ofChunk: key) {
            if status == .accepted && !options.force {
                return Self.report(chunk, file: file, status: .alreadyUploaded, attempts: attempts, detail: nil)
            }
            if (status == .sending || status == .uncertain) && !options.resendUncertain {
                return Self.report(
                    chunk, file: file, status: .uncertain, attempts: attempts,
                    detail: "an earlier send may have been applied; --resend-uncertain sends it again")
            }
        }
        if halted {
            return Self.report(chunk, file: file, status: .pending, attempts: 0, detail: "run stopped after failures")
        }
        if options.shouldStop?() == true || Task.isCancelled {
            return Self.report(chunk, file: file, status: .pending, attempts: 0, detail: "stopped for shutdown")
        }
        // Read before anything is sent, and recorded with the first `sending` mark: a run killed during the
        // request leaves them in the ledger beside the chunk, which the next run then reports uncertain.
        var numbers = try chunk.sortedNumbers()
        var machine = UploadAttempts(policy: options.policy)
        var random = SystemRandomNumberGenerator()
        while true {
            // Logged in before the chunk is marked `sending`: a login that fails (refused, unreachable, a
            // daemon stopping) must not leave a chunk that was never sent looking as if it may have been.
            let authorization = try await client.authorization()
            try ledger.record(
                chunk, key: key, fileSHA: fileSHA, run: run, status: .sending, attempts: machine.attempts,
                numbers: numbers)
            numbers = nil
            let result = await client.upload(chunk, authorization: authorization, username: options.username)
            if Task.isCancelled, case .notSent = result {
                // A shutdown cut the request off before it went out: pending for the next run, not a failure.
                try ledger.record(
                    chunk, key: key, fileSHA: fileSHA, run: run, status: .failed, attempts: machine.attempts + 1)
                return Self.report(
                    chunk, file: file, status: .pending, attempts: machine.attempts + 1, detail: "stopped for shutdown"
                )
            }
            let action = machine.record(result, random: &random)
            switch action {
            case .accepted:
                try ledger.record(
                    chunk, key: key, fileSHA: fileSHA, run: run, status: .accepted, attempts: machine.attempts)
                consecutiveFailures.withLock { $0 = 0 }
                logger.info("chunk accepted", metadata: ["ingest.chunk": "\(chunk.filename)"])
                return Self.report(chunk, file: file, status: .accepted, attempts: machine.attempts, detail: nil)
            case .retry(let delay):
                try ledger.record(
                    chunk, key: key, fileSHA: fileSHA, run: run, status: .failed, attempts: machine.attempts)
                logger.info(
                    "retrying chunk", metadata: ["ingest.chunk": "\(chunk.filename)", "ingest.delay": "\(delay)"])
                // Cancellation (a daemon stopping) ends the wait and the delivery of this chunk: it stays
                // failed in the ledger, so the next run sends it again.
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    return Self.report(
                        chunk, file: file, status: .pending, attempts: machine.attempts,
                        detail: "stopped while waiting to retry")
                }
            case .reauthenticate:
                // A 401 means the server did not take the chunk.
                try ledger.record(
                    chunk, key: key, fileSHA: fileSHA, run: run, status: .failed, attempts: machine.attempts)
                client.dropSession()
            case .failed(let detail):
                try ledger.record(
                    chunk, key: key, fileSHA: fileSHA, run: run, status: .failed, attempts: machine.attempts,
                    detail: detail)
                consecutiveFailures.withLock { $0 += 1 }
                logger.warning("chunk failed", metadata: ["ingest.chunk": "\(chunk.filename)"])
                return Self.report(chunk, file: file, status: .failed, attempts: machine.attempts, detail: detail)
            case .uncertain(let detail):
                try ledger.record(
                    chunk, key: key, fileSHA: fileSHA, run: run, status: .uncertain, attempts: machine.attempts,
                    detail: detail)
                logger.warning("chunk outcome unknown", metadata: ["ingest.chunk": "\(chunk.filename)"])
                return Self.report(chunk, file: file, status: .uncertain, attempts: machine.attempts, detail: detail)
            }
        }
    }

    /// The ledger key of a chunk: SHA-256 of its file's hash and its content, and its zone (not part of the
    /// content). The file is part of it: the same lines from another file are another load, which the dedupe
    /// windows (the number ledger), not the chunk ledger, decide on.
    static func key(of chunk: SpooledChunk, fileSHA: String) throws(IngestError) -> String {
        guard let handle = FileHandle(forReadingAtPath: chunk.path) else {
            throw IngestError(.fileUnreadable, "cannot read the spooled chunk", file: chunk.path)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        hasher.update(data: Data((fileSHA + "\n").utf8))
        var total = 0
        do {
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
                hasher.update(data: data)
                total += data.count
            }
        } catch {
            throw IngestError(
                .fileUnreadable, "cannot read the spooled chunk to the end", file: chunk.path, cause: error)
        }
        // A key of part of a chunk would match no earlier send and could match a wrong one.
        guard total == chunk.bytes else {
            throw IngestError(
                .fileUnreadable, "the spooled chunk has \(total) bytes, \(chunk.bytes) were written", file: chunk.path)
        }
        let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return chunk.timezone.map { "\(hex)|\($0)" } ?? hex
    }

    static func report(_ chunk: SpooledChunk, file: String, status: UploadStatus, attempts: Int, detail: String?)
        -> UploadReport
    {
        UploadReport(
            file: file, filename: chunk.filename, campaign: chunk.campaign, timezone: chunk.timezone,
            endpoint: chunk.endpoint, rows: chunk.rows, bytes: chunk.bytes, status: status, attempts: attempts,
            detail: detail)
    }
}
