#if canImport(Glibc)
    import Glibc
    private let systemClose = Glibc.close
#elseif canImport(Darwin)
    import Darwin
    private let systemClose = Darwin.close
#endif

/// A file written through a buffer with plain POSIX calls; errors name the file.
final class OutputFile {
    static let bufferSize = 256 * 1024

    let path: String
    private var descriptor: Int32
    private let buffer = GrowingBytes(capacity: OutputFile.bufferSize)
    private(set) var bytesWritten = 0

    /// Creates (or truncates) `path`, readable by the owner and group only.
    init(path: String) throws(IngestError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            throw IngestError(.outputFailed, "cannot create: \(String(cString: strerror(errno)))", file: path)
        }
    }

    deinit {
        if descriptor >= 0 { _ = systemClose(descriptor) }
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(IngestError) {
        buffer.append(bytes)
        bytesWritten += bytes.count
        if buffer.count >= Self.bufferSize { try flush() }
    }

    func write(_ bytes: ArraySlice<UInt8>) throws(IngestError) {
        try bytes.withUnsafeBufferPointer { pointer throws(IngestError) in try write(pointer) }
    }

    func write(_ bytes: [UInt8]) throws(IngestError) {
        try bytes.withUnsafeBufferPointer { pointer throws(IngestError) in try write(pointer) }
    }

    func write(_ text: String) throws(IngestError) {
        try write(Array(text.utf8))
    }

    func flush() throws(IngestError) {
        let failure = buffer.drain(to: descriptor)
        if failure != 0 {
            throw IngestError(.outputFailed, "write failed: \(String(cString: strerror(failure)))", file: path)
        }
    }

    /// Flushes, syncs to disk and closes.
    /// - Parameter sync: false for a file that need not outlive the run (a chunk).
    func close(sync: Bool = true) throws(IngestError) {
        try flush()
        guard descriptor >= 0 else { return }
        let synced = !sync || fsync(descriptor) == 0
        let closed = systemClose(descriptor) == 0
        descriptor = -1
        if !synced || !closed {
            throw IngestError(
                .outputFailed, "could not be written to disk: \(String(cString: strerror(errno)))", file: path)
        }
    }
}
