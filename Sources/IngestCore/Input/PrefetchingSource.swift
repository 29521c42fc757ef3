import Foundation

/// Reads its base source ahead on a thread of its own, at most `depth` blocks ahead: decompression overlaps
/// the tokenizer instead of taking turns with it on one thread.
///
/// Blocks, their `bytesFromDisk` and the base's error arrive in order (a `BoundedChannel`); the error comes
/// after every block read before it. Dropping the source stops the thread.
final class PrefetchingSource: ByteSource {
    private struct Block {
        var bytes: [UInt8]
        var bytesFromDisk: Int64
    }

    private let channel: BoundedChannel<Block>
    private(set) var bytesFromDisk: Int64 = 0

    init(base: any ByteSource, depth: Int = 1) {
        let channel = BoundedChannel<Block>(capacity: depth)
        self.channel = channel
        let producer = Producer(base: base)
        let thread = Thread { producer.run(into: channel) }
        thread.name = "read-ahead"
        thread.start()
    }

    deinit {
        channel.close()
    }

    func read(into buffer: inout [UInt8]) throws(IngestError) -> Bool {
        guard let block = try channel.take() else {
            buffer.removeAll()
            return false
        }
        buffer = block.bytes
        bytesFromDisk = block.bytesFromDisk
        return true
    }

    /// The base source, used by the reading-ahead thread only (hence `@unchecked Sendable`).
    private final class Producer: @unchecked Sendable {
        let base: any ByteSource

        init(base: any ByteSource) {
            self.base = base
        }

        func run(into channel: BoundedChannel<Block>) {
            do throws(IngestError) {
                while true {
                    // A fresh buffer per block: the one handed over belongs to the consumer now.
                    var buffer: [UInt8] = []
                    guard try base.read(into: &buffer) else { break }
                    do {
                        try channel.put(Block(bytes: buffer, bytesFromDisk: base.bytesFromDisk))
                    } catch {
                        return  // the consumer is gone
                    }
                }
                channel.finish(nil)
            } catch {
                channel.finish(error)
            }
        }
    }
}
