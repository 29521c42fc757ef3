@testable import IngestCore

/// Fuzz input as a `ByteSource`, handed out in blocks of varying size so that records, quotes,
/// multi-byte characters and gzip members straddle block boundaries the way they do in a real file.
package final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private let blockSizes: [Int]
    private var offset = 0
    private var turn = 0

    package var bytesFromDisk: Int64 { Int64(offset) }

    package init(_ bytes: [UInt8], blockSizes: [Int]) {
        self.bytes = bytes
        self.blockSizes = blockSizes.map { max(1, $0) }
    }

    package func read(into buffer: inout [UInt8]) throws(IngestError) -> Bool {
        guard offset < bytes.count else {
            buffer.removeAll()
            return false
        }
        let size = blockSizes[turn % blockSizes.count]
        turn += 1
        let end = min(bytes.count, offset + size)
        buffer = Array(bytes[offset..<end])
        offset = end
        return true
    }
}

/// Stops the fuzzer with a message: an invariant of the code under test does not hold.
package func invariant(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}
