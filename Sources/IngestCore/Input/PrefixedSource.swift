/// Gives back bytes already read (for detection) before the rest of the stream.
final class PrefixedSource: ByteSource {
    private var head: [UInt8]?
    private let base: any ByteSource

    var bytesFromDisk: Int64 { base.bytesFromDisk }

    init(head: [UInt8], base: any ByteSource) {
        self.head = head.isEmpty ? nil : head
        self.base = base
    }

    func read(into buffer: inout [UInt8]) throws(IngestError) -> Bool {
        if let head {
            self.head = nil
            buffer = head
            return true
        }
        return try base.read(into: &buffer)
    }
}
