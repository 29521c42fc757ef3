import Foundation

/// A bounded hand-off of byte chunks from one producer thread to one consumer: the producer blocks
/// while `capacity` chunks wait, so memory stays flat however fast the producer is.
///
/// `@unchecked Sendable`: every stored property is read and written only with `condition` locked.
final class ChunkChannel: @unchecked Sendable {
    /// Thrown to the producer once the consumer has gone away: it stops producing.
    struct Closed: Error {}

    private let condition = NSCondition()
    private let capacity: Int
    private var chunks: [Data] = []
    private var finished = false
    private var failure: IngestError?
    private var closed = false

    init(capacity: Int = 4) {
        self.capacity = capacity
    }

    /// Producer: queues `chunk`, waiting for room. - Throws: `Closed` when the consumer is gone.
    func put(_ chunk: Data) throws {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= capacity && !closed { condition.wait() }
        if closed { throw Closed() }
        chunks.append(chunk)
        condition.broadcast()
    }

    /// Producer: no more chunks; `error` is what the consumer gets after the queued chunks.
    func finish(_ error: IngestError?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: the next chunk, nil at the end. - Throws: the producer's failure.
    func take() throws(IngestError) -> Data? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !finished { condition.wait() }
        if !chunks.isEmpty {
            let chunk = chunks.removeFirst()
            condition.broadcast()
            return chunk
        }
        if let failure { throw failure }
        return nil
    }

    /// Consumer: stops the producer at its next chunk.
    func close() {
        condition.lock()
        closed = true
        chunks.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
