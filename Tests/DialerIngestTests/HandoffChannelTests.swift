import Foundation
import Synchronization
import Testing

@testable import DialerIngest

/// The run loop's hand-off from the preparing thread to delivery: bounded, ordered, and stoppable.
@Suite struct HandoffChannelTests {
    /// What the producing thread did.
    final class Producer: Sendable {
        let sent = Mutex(0)
        let closed = Mutex(false)
    }

    /// Sends `count` elements from a thread of its own, counting each send that returned.
    func produce(_ count: Int, into channel: HandoffChannel<Int>) -> Producer {
        let producer = Producer()
        Thread {
            defer { channel.finish() }
            for value in 0..<count {
                do {
                    try channel.send(value)
                    producer.sent.withLock { $0 += 1 }
                } catch {
                    producer.closed.withLock { $0 = true }
                    return
                }
            }
        }.start()
        return producer
    }

    func waitUntil(_ condition: () -> Bool) async {
        for _ in 0..<500 where !condition() { try? await Task.sleep(for: .milliseconds(2)) }
    }

    @Test func theProducerWaitsWhileTheConsumerHoldsCapacityElements() async throws {
        let channel = HandoffChannel<Int>(capacity: 1)
        let producer = produce(3, into: channel)
        var iterator = channel.elements.makeAsyncIterator()
        #expect(await iterator.next() == 0)
        // The consumer holds element 0: the producer cannot send element 1.
        try await Task.sleep(for: .milliseconds(100))
        #expect(producer.sent.withLock { $0 } == 1)
        channel.done()
        #expect(await iterator.next() == 1)
        channel.done()
        #expect(await iterator.next() == 2)
        channel.done()
        #expect(await iterator.next() == nil)
        #expect(producer.sent.withLock { $0 } == 3)
        #expect(!producer.closed.withLock { $0 })
    }

    @Test func closingReleasesAWaitingProducerWithoutSending() async {
        let channel = HandoffChannel<Int>(capacity: 1)
        let producer = produce(5, into: channel)
        var iterator = channel.elements.makeAsyncIterator()
        #expect(await iterator.next() == 0)
        channel.close()
        channel.done()
        await waitUntil { producer.closed.withLock { $0 } }
        #expect(producer.closed.withLock { $0 })
        #expect(producer.sent.withLock { $0 } == 1)
        #expect(await iterator.next() == nil)
    }

    /// A consumer cancelled mid-stream stops taking; closing then releases the producer it left waiting.
    @Test func aCancelledConsumerLeavesNoProducerWaiting() async {
        let channel = HandoffChannel<Int>(capacity: 1)
        let producer = produce(5, into: channel)
        let consumer = Task {
            var taken = 0
            for await _ in channel.elements {
                taken += 1
                withUnsafeCurrentTask { $0?.cancel() }  // never calls done(): the producer waits for room
            }
            channel.close()
            return taken
        }
        #expect(await consumer.value >= 1)
        await waitUntil { producer.closed.withLock { $0 } }
        #expect(producer.closed.withLock { $0 })
    }

    /// More blocked bodies than the cores (Swift concurrency's thread count): were they on its threads, the
    /// task that releases them could not run and each would time out.
    @Test func dedicatedThreadsBlockWithoutStallingConcurrency() async {
        let count = ProcessInfo.processInfo.activeProcessorCount + 2
        let release = DispatchSemaphore(value: 0)
        let released = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<count {
                group.addTask {
                    await DedicatedThread.run(named: "blocked") { release.wait(timeout: .now() + 10) == .success }
                }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(50))
                for _ in 0..<count { release.signal() }
                return true
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(released == count + 1)
    }
}
