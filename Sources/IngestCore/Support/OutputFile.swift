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
    /// Whether `close` syncs the file to disk; false for a file that need not outlive the run (a chunk).
    let durable: Bool
    private var descriptor: Int32
    private let buffer = GrowingBytes(capacity: OutputFile.bufferSize)
    private(set) var bytesWritten = 0
    /// Bytes handed to the kernel so far, and how many of them it was asked to start writing to disk.
    private var bytesFlushed = 0
    private var writebackStarted = 0
    /// A file that will be synced at `close` asks the kernel to start writing every this many bytes, so
    /// the final `fsync` waits for the tail only instead of the whole file (it was 0.4 s per 17 MB of
    /// rejects, with both cores idle).
    static let writebackStep = 4 * 1024 * 1024

    /// Creates (or truncates) `path`, readable by the owner and group only.
    init(path: String, durable: Bool = true) throws(IngestError) {
        self.path = path
        self.durable = durable
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            let code = errno
            // One chunk file is open per campaign and zone while a file is prepared.
            let hint = code == EMFILE ? " (one file is open per campaign and zone: raise `ulimit -n`)" : ""
            throw IngestError(.outputFailed, "cannot create: \(String(cString: strerror(code)))\(hint)", file: path)
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
        bytesFlushed = bytesWritten
        if durable { startWriteback() }
    }

    /// Hands everything written so far to the kernel and, for a durable file, asks it to start writing it to
    /// disk now, without waiting: work done meanwhile overlaps with the disk, and `close` syncs the rest only.
    func flushAndStartWriteback() throws(IngestError) {
        try flush()
        if durable { startWriteback(whatever: true) }
    }

    /// Starts the disk write of what was flushed since the last call (once `writebackStep` bytes are waiting,
    /// or `whatever` there is), without waiting for it.
    private func startWriteback(whatever: Bool = false) {
        guard bytesFlushed > writebackStarted, whatever || bytesFlushed - writebackStarted >= Self.writebackStep
        else { return }
        #if os(Linux)
            // Linux starts writing the dirty pages of the range back without waiting (sync_file_range is not
            // exported to Swift); the pages already written are dropped from the cache, which nobody reads again.
            _ = posix_fadvise(
                descriptor, off_t(writebackStarted), off_t(bytesFlushed - writebackStarted), POSIX_FADV_DONTNEED)
        #endif
        writebackStarted = bytesFlushed
    }

    /// Flushes, syncs to disk if the file is durable, and closes.
    func close() throws(IngestError) {
        try flush()
        guard descriptor >= 0 else { return }
        let synced = !durable || fsync(descriptor) == 0
        let closed = systemClose(descriptor) == 0
        descriptor = -1
        if !synced || !closed {
            throw IngestError(
                .outputFailed, "could not be written to disk: \(String(cString: strerror(errno)))", file: path)
        }
    }
}
