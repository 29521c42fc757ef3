import Foundation

/// Independent pieces of work run on as many threads as there are cores (`DispatchQueue.concurrentPerform`),
/// for the end of a file, when the pipeline's own threads are idle; each piece's result or error is kept.
package enum ParallelWork {
    /// Runs `body(index)` for every index in `0..<count`; the results come back in index order.
    package static func map<Value>(
        _ count: Int, _ body: @Sendable (Int) throws(IngestError) -> Value
    ) -> [Result<Value, IngestError>] {
        let slots = Slots<Value>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.set(index, Result { () throws(IngestError) in try body(index) })
        }
        return slots.all
    }

    /// One result per index, each written by one thread, read once they all ended (hence `@unchecked
    /// Sendable`: every access is under `lock`).
    private final class Slots<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result<Value, IngestError>]

        init(count: Int) {
            results = Array(
                repeating: .failure(IngestError(.outputFailed, "a piece of work did not run")), count: count)
        }

        func set(_ index: Int, _ result: Result<Value, IngestError>) {
            lock.withLock { results[index] = result }
        }

        var all: [Result<Value, IngestError>] { lock.withLock { results } }
    }
}
