#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a spill file front to back through a small buffer.
final class SpillReader {
    let path: String
    private var descriptor: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var offset: Int
    private let limit: Int

    /// Reads bytes `from..<to` of `path` (to the end when `to` is nil).
    init(path: String, from: Int = 0, to: Int? = nil, bufferSize: Int = 64 << 10) throws(IngestError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SpillFile.failure("cannot open a spill file", path) }
        buffer = [UInt8](repeating: 0, count: bufferSize)
        offset = from
        limit = to ?? Int.max
    }

    deinit {
        if descriptor >= 0 { _ = close(descriptor) }
    }

    /// Ensures `count` bytes are buffered; false at the end.
    private func fill(_ count: Int) throws(IngestError) -> Bool {
        if end - start >= count { return true }
        if start > 0 {
            let kept = end - start
            buffer.withUnsafeMutableBytes { bytes in
                guard let base = bytes.baseAddress else { return }
                memmove(base, base + start, kept)
            }
            start = 0
            end = kept
        }
        if buffer.count < count { buffer.append(contentsOf: repeatElement(0, count: count - buffer.count)) }
        while end < count {
            let wanted = min(buffer.count - end, limit - offset)
            if wanted <= 0 { return false }
            let got = buffer.withUnsafeMutableBytes { bytes in
                pread(descriptor, bytes.baseAddress.map { $0 + end }, wanted, off_t(offset))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw SpillFile.failure("cannot read a spill file", path)
            }
            if got == 0 { return false }
            end += got
            offset += got
        }
        return true
    }

    /// The next little-endian `UInt64`, or nil at the end.
    func nextUInt64() throws(IngestError) -> UInt64? {
        guard try fill(8) else { return nil }
        let value = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: start, as: UInt64.self) }
        start += 8
        return UInt64(littleEndian: value)
    }

    /// Every little-endian `UInt64` of `path` (a small file: a chunk's numbers).
    static func readAll(path: String) throws(IngestError) -> [UInt64] {
        let reader = try SpillReader(path: path)
        var values: [UInt64] = []
        while let value = try reader.nextUInt64() { values.append(value) }
        return values
    }

    func nextUInt32() throws(IngestError) -> UInt32? {
        guard try fill(4) else { return nil }
        let value = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: start, as: UInt32.self) }
        start += 4
        return UInt32(littleEndian: value)
    }

    /// Replaces `out` with the next `count` bytes; false when the file ends first.
    func next(_ count: Int, into out: inout [UInt8]) throws(IngestError) -> Bool {
        guard try fill(count) else { return false }
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: buffer[start..<start + count])
        start += count
        return true
    }

    /// Skips `count` bytes; false when the file ends first.
    func skip(_ count: Int) throws(IngestError) -> Bool {
        guard try fill(count) else { return false }
        start += count
        return true
    }

    /// Replaces `out` with the bytes up to and including the next `\n` (or the last bytes); false at the end.
    func nextLine(into out: inout [UInt8]) throws(IngestError) -> Bool {
        out.removeAll(keepingCapacity: true)
        while true {
            if start == end {
                guard try fill(1) else { return !out.isEmpty }
            }
            let (start, end) = (self.start, self.end)
            let (stop, found) = buffer.withUnsafeBufferPointer { bytes in
                guard let base = bytes.baseAddress else { return (end, false) }
                let hit = memchr(base + start, 0x0A, end - start)
                let stop = hit.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) + 1 } ?? end
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<stop]))
                return (stop, hit != nil)
            }
            self.start = stop
            if found { return true }
        }
    }
}
