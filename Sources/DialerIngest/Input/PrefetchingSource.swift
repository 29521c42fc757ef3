import Foundation

/// Reads its base source ahead on a thread of its own, at most `depth` blocks ahead: decompression (or the
/// disk read and the file's SHA-256) overlaps the tokenizer instead of taking turns with it on one thread.
///
/// Blocks, their `bytesFromDisk` and the base's error arrive in order; the error comes after every block read
/// before it. Dropping the source stops the thread.
final class PrefetchingSource: ByteSource {
    private let queue: BlockQueue
    private(set) var bytesFromDisk: Int64 = 0

    init(base: any ByteSource, depth: Int = 1) {
        queue = BlockQueue(base: base, depth: depth)
        let queue = self.queue
        Thread { queue.fill() }.start()
    }

    deinit {
        queue.stop()
    }

    func read(into buffer: inout [UInt8]) throws(IngestError) -> Bool {
        guard let block = try queue.take(returning: buffer) else {
            buffer.removeAll()
            return false
        }
        buffer = block.bytes
        bytesFromDisk = block.bytesFromDisk
        return true
    }
}

/// The blocks between the reading-ahead thread and the consumer. Ownership is the thread-safety argument
/// (hence `@unchecked Sendable`): `base` is used by the reading-ahead thread only; the rest is under
/// `condition`.
private final class BlockQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private let base: any ByteSource
    private let depth: Int
    private var blocks: [(bytes: [UInt8], bytesFromDisk: Int64)] = []
    /// Buffers the consumer is done with, for the next reads.
    private var spare: [[UInt8]] = []
    private var end: Result<Void, IngestError>?
    private var stopped = false

    init(base: any ByteSource, depth: Int) {
        self.base = base
        self.depth = max(1, depth)
    }

    /// The reading-ahead thread: reads until the end, an error or `stop`.
    func fill() {
        while true {
            condition.lock()
            while blocks.count >= depth && !stopped { condition.wait() }
            if stopped {
                condition.unlock()
                return
            }
            var buffer = spare.popLast() ?? []
            condition.unlock()
            let result = Result { () throws(IngestError) in try base.read(into: &buffer) }
            condition.lock()
            defer {
                condition.broadcast()
                condition.unlock()
            }
            switch result {
            case .success(true):
                blocks.append((buffer, base.bytesFromDisk))
            case .success(false):
                end = .success(())
                return
            case .failure(let error):
                end = .failure(error)
                return
            }
        }
    }

    /// The next block, nil at the end; `returning` is the consumer's previous buffer, kept for reuse.
    /// - Throws: the base's error, once the blocks read before it are taken.
    func take(returning old: [UInt8]) throws(IngestError) -> (bytes: [UInt8], bytesFromDisk: Int64)? {
        condition.lock()
        if old.capacity > 0 && spare.isEmpty { spare.append(old) }
        while blocks.isEmpty && end == nil { condition.wait() }
        if !blocks.isEmpty {
            let block = blocks.removeFirst()
            condition.broadcast()
            condition.unlock()
            return block
        }
        let result = end
        condition.unlock()
        if case .failure(let error) = result { throw error }
        return nil
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
