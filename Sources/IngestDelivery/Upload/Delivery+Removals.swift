import Foundation
import IngestCore

/// Removals (`mode: remove` / `replace`): each number of a chunk of removals taken out of its campaign with
/// `Dialers/RemoveContact`, one call per number.
extension Delivery {
    /// One number to take out of a campaign.
    struct RemovalTarget: Sendable {
        var campaign: String
        /// As the dialer base holds it: the line's number field.
        var number: String
        var e164: UInt64
    }

    /// Removes the numbers of `chunks` (lines `campaign;number…` with their numbers files),
    /// `options.concurrency` calls at a time, each retried as an upload is (`UploadAttempts`); a call cut off
    /// is simply tried again, since removing twice is harmless. After each chunk the ledger records its
    /// outcomes and `sink` gets them (the removals CSV). A stop (a refused login, the ledger) leaves the rest
    /// `pending`, still handed to `sink`.
    /// - Returns: how many ended in each status, and what stopped the run.
    package func removeNumbers(
        of chunks: [SpooledChunk], fileSHA: String, sink: ([RemovalOutcome]) throws(IngestError) -> Void
    ) async -> (counts: [RemovalOutcome.Status: Int], stop: IngestError?) {
        var counts: [RemovalOutcome.Status: Int] = [:]
        var stop: IngestError?
        for chunk in chunks {
            defer {
                if let numbers = chunk.numbers {
                    unlink(numbers)
                    rmdir((numbers as NSString).deletingLastPathComponent)
                }
            }
            do {
                let targets = try Self.removalTargets(of: chunk)
                let outcomes: [RemovalOutcome]
                if stop == nil {
                    let done = await removeAll(targets)
                    outcomes = done.outcomes
                    stop = done.stop
                    try ledger.recordRemovals(outcomes, fileSHA: fileSHA, run: run)
                } else {
                    outcomes = targets.map { Self.outcome($0, .pending, attempts: 0, detail: "run stopped") }
                }
                try sink(outcomes)
                for outcome in outcomes { counts[outcome.status, default: 0] += 1 }
            } catch {
                stop = stop ?? error
            }
        }
        return (counts, stop)
    }

    /// The chunk's numbers: its lines' campaign and number fields, beside its numbers file's E.164 integers.
    static func removalTargets(of chunk: SpooledChunk) throws(IngestError) -> [RemovalTarget] {
        guard let numbers = chunk.numbers else {
            throw IngestError(.internalError, "a chunk of removals has no numbers file", file: chunk.path)
        }
        let entries = try chunk.numberEntries(path: numbers)
        let text: String
        do {
            text = try String(contentsOfFile: chunk.path, encoding: .utf8)
        } catch {
            throw IngestError(.fileUnreadable, "cannot read the spooled chunk", file: chunk.path, cause: error)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count == chunk.rows else {
            throw IngestError(.outputFailed, "a chunk's numbers do not match its lines", file: numbers)
        }
        return lines.enumerated().map { index, line in
            let fields = line.split(separator: ";", maxSplits: 2, omittingEmptySubsequences: false)
            return RemovalTarget(
                campaign: String(fields[0]), number: fields.count > 1 ? String(fields[1]) : "",
                e164: entries[2 * index])
        }
    }

    /// A child task's result (a struct, not a tuple: see `ChunkOutcome`).
    private struct RemovalResult: Sendable {
        let index: Int
        let result: Result<RemovalOutcome, IngestError>
    }

    /// Every target tried, a few at a time; what must stop the run leaves the rest pending.
    private func removeAll(_ targets: [RemovalTarget]) async -> (outcomes: [RemovalOutcome], stop: IngestError?) {
        await withTaskGroup(of: RemovalResult.self) { group in
            var collected = [RemovalOutcome?](repeating: nil, count: targets.count)
            var next = 0
            var stop: IngestError?
            func start() {
                guard next < targets.count else { return }
                let index = next
                next += 1
                group.addTask {
                    do throws(IngestError) {
                        return RemovalResult(index: index, result: .success(try await self.remove(targets[index])))
                    } catch {
                        return RemovalResult(index: index, result: .failure(error))
                    }
                }
            }
            for _ in 0..<max(1, options.concurrency) { start() }
            for await done in group {
                switch done.result {
                case .success(let outcome): collected[done.index] = outcome
                case .failure(let error): stop = stop ?? error
                }
                if stop == nil { start() }
            }
            let outcomes = targets.indices.map { index in
                collected[index] ?? Self.outcome(targets[index], .pending, attempts: 0, detail: "run stopped")
            }
            return (outcomes, stop)
        }
    }

    /// One number: tried until removed, refused for good, or out of attempts.
    /// - Throws: `auth-refused` (the run must stop).
    private func remove(_ target: RemovalTarget) async throws(IngestError) -> RemovalOutcome {
        var machine = UploadAttempts(policy: options.policy)
        var random = SystemRandomNumberGenerator()
        while true {
            if machine.attempts == 0 && (halted || options.shouldStop?() == true) || Task.isCancelled {
                return Self.outcome(target, .pending, attempts: machine.attempts, detail: "run stopped")
            }
            let authorization = try await client.authorization()
            let result = await client.removeContact(
                campaign: target.campaign, number: target.number, authorization: authorization)
            switch machine.record(result, random: &random) {
            case .accepted:
                resetFailures()
                return Self.outcome(target, .removed, attempts: machine.attempts, detail: nil)
            case .retry(let delay):
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    return Self.outcome(target, .pending, attempts: machine.attempts, detail: "stopped")
                }
            case .reauthenticate:
                client.dropSession()
            case .failed(let detail), .uncertain(let detail):
                noteFailure()
                return Self.outcome(target, .failed, attempts: machine.attempts, detail: detail)
            }
        }
    }

    static func outcome(
        _ target: RemovalTarget, _ status: RemovalOutcome.Status, attempts: Int, detail: String?
    ) -> RemovalOutcome {
        RemovalOutcome(
            campaign: target.campaign, number: target.number, e164: target.e164, status: status, attempts: attempts,
            detail: detail)
    }
}
