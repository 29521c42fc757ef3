#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A temporary file of fixed-size binary entries, written through a small buffer and read back with
/// `SpillReader`: what the deferred duplicate check keeps on disk instead of in memory.
final class SpillFile {
    let path: String
    private var descriptor: Int32
    private let buffer: GrowingBytes
    private let bufferSize: Int
    /// Bytes appended so far, buffered ones included.
    private(set) var length = 0

    /// Creates (or truncates) `path`, readable by the owner only.
    init(path: String, bufferSize: Int) throws(IngestError) {
        self.path = path
        self.bufferSize = bufferSize
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("cannot create a spill file", path) }
        // Room for one more value past the flush point, so fixed-size appends never double the buffer.
        buffer = GrowingBytes(capacity: bufferSize + 16)
    }

    deinit {
        if descriptor >= 0 { _ = close(descriptor) }
    }

    func append(_ value: UInt64) throws(IngestError) {
        UnsafeMutableRawPointer(buffer.reserve(8)).storeBytes(of: value.littleEndian, as: UInt64.self)
        buffer.commit(8)
        length += 8
        if buffer.count >= bufferSize { try flush() }
    }

    /// Two values in one append (a key and its tag).
    func append(_ first: UInt64, _ second: UInt64) throws(IngestError) {
        let target = UnsafeMutableRawPointer(buffer.reserve(16))
        target.storeBytes(of: first.littleEndian, as: UInt64.self)
        target.storeBytes(of: second.littleEndian, toByteOffset: 8, as: UInt64.self)
        buffer.commit(16)
        length += 16
        if buffer.count >= bufferSize { try flush() }
    }

    func append(_ value: UInt32) throws(IngestError) {
        UnsafeMutableRawPointer(buffer.reserve(4)).storeBytes(of: value.littleEndian, as: UInt32.self)
        buffer.commit(4)
        length += 4
        if buffer.count >= bufferSize { try flush() }
    }

    func append(_ bytes: ArraySlice<UInt8>) throws(IngestError) {
        try bytes.withUnsafeBufferPointer { pointer throws(IngestError) in try append(pointer) }
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) throws(IngestError) {
        buffer.append(bytes)
        length += bytes.count
        if buffer.count >= bufferSize { try flush() }
    }

    /// Writes the buffered bytes, so a `SpillReader` sees everything appended.
    func flush() throws(IngestError) {
        guard buffer.count > 0 else { return }
        if buffer.drain(to: descriptor, at: length - buffer.count) != 0 {
            throw Self.failure("cannot write a spill file", path)
        }
    }

    /// Forgets everything after the first `newLength` bytes.
    func truncate(to newLength: Int) throws(IngestError) {
        try flush()
        guard ftruncate(descriptor, off_t(newLength)) == 0 else {
            throw Self.failure("cannot truncate a spill file", path)
        }
        length = newLength
    }

    /// Flushes and closes the descriptor; the file stays for a `SpillReader`.
    func finish() throws(IngestError) {
        try flush()
        if descriptor >= 0 { _ = close(descriptor) }
        descriptor = -1
    }

    static func failure(_ message: String, _ path: String) -> IngestError {
        IngestError(.outputFailed, "\(message): \(String(cString: strerror(errno)))", file: path)
    }
}
