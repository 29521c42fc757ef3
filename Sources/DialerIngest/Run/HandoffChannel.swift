import Foundation

/// A bounded hand-off from a producer thread of its own to one consuming task: the producer blocks (its
/// thread, never one of Swift concurrency's, which are as many as the cores) while `capacity` elements are
/// taken but not yet done with, so it can run ahead of the consumer by that much and no more.
///
/// `@unchecked Sendable`: `inFlight` and `closed` are read and written only with `condition` locked; the
/// stream's continuation is itself Sendable.
final class HandoffChannel<Element: Sendable>: @unchecked Sendable {
    /// Thrown to the producer once the consumer has stopped taking elements.
    struct Closed: Error {}

    /// The consumer's side: every element sent, in order; it ends after `finish()`.
    let elements: AsyncStream<Element>
    private let continuation: AsyncStream<Element>.Continuation
    private let condition = NSCondition()
    private let capacity: Int
    private var inFlight = 0
    private var closed = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        (elements, continuation) = AsyncStream.makeStream(of: Element.self)
    }

    /// Producer: hands `element` over once fewer than `capacity` are in the consumer's hands.
    /// - Throws: `Closed` when the consumer has stopped (the element is dropped).
    func send(_ element: Element) throws(Closed) {
        condition.lock()
        defer { condition.unlock() }
        while inFlight >= capacity && !closed { condition.wait() }
        if closed { throw Closed() }
        inFlight += 1
        continuation.yield(element)
    }

    /// Producer: nothing more will be sent; the consumer's stream ends after what it holds.
    func finish() {
        continuation.finish()
    }

    /// Consumer: done with an element taken from `elements`; the producer may send another.
    func done() {
        condition.lock()
        inFlight -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: takes nothing more; the producer's next `send` throws instead of waiting.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Blocking work on a thread of its own, awaited without holding a Swift concurrency thread: on two cores
/// a blocking prepare there would leave delivery's tasks one thread.
enum DedicatedThread {
    static func run<Value: Sendable>(named name: String, _ body: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
