import Foundation

/// A bounded hand-off from one producer thread to one consumer (blocks of bytes: a zip entry's inflated
/// chunks, a gzip file read ahead): the producer blocks while `capacity` elements wait, so memory stays flat
/// however fast the producer is.
///
/// `@unchecked Sendable`: every stored property is read and written only with `condition` locked; an element
/// is handed from one thread to the other, never shared.
final class BoundedChannel<Element>: @unchecked Sendable {
    /// Thrown to the producer once the consumer has gone away: it stops producing.
    struct Closed: Error {}

    private let condition = NSCondition()
    private let capacity: Int
    private var elements: [Element] = []
    private var finished = false
    private var failure: IngestError?
    private var closed = false

    init(capacity: Int = 4) {
        self.capacity = max(1, capacity)
    }

    /// Producer: queues `element`, waiting for room. - Throws: `Closed` when the consumer is gone.
    func put(_ element: Element) throws(Closed) {
        condition.lock()
        defer { condition.unlock() }
        while elements.count >= capacity && !closed { condition.wait() }
        if closed { throw Closed() }
        elements.append(element)
        condition.broadcast()
    }

    /// Producer: no more elements; `error` is what the consumer gets after the queued elements.
    func finish(_ error: IngestError?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: the next element, nil at the end. - Throws: the producer's failure.
    func take() throws(IngestError) -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while elements.isEmpty && !finished { condition.wait() }
        if !elements.isEmpty {
            let element = elements.removeFirst()
            condition.broadcast()
            return element
        }
        if let failure { throw failure }
        return nil
    }

    /// Consumer: stops the producer at its next element.
    func close() {
        condition.lock()
        closed = true
        elements.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
