import Foundation
import IngestCore

#if canImport(Glibc)
    import Glibc
#endif

/// A file of ``NumberEntry`` in ascending order: an 8-byte magic, the count (8 bytes), then the entries,
/// 16 bytes each, little-endian. Written once under a temporary name, synced, then renamed: a segment
/// either exists whole or not at all. Read front to back in 4 MiB blocks, so memory does not grow with it.
struct NumberSegment {
    let path: String
    let count: Int

    static let magic: UInt64 = 0x3130_4745_534E_4944  // "DINSEG01"
    static let headerBytes = 16
    static let blockEntries = 1 << 18

    /// Writes `entries` (ascending) as a segment at `path`.
    static func write(_ entries: some Sequence<NumberEntry>, to path: String) throws(IngestError) -> NumberSegment {
        let temporary = path + ".tmp"
        let file = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw failure("cannot create a number segment", temporary) }
        defer { _ = close(file) }
        var buffer: [UInt64] = [Self.magic.littleEndian, 0]
        buffer.reserveCapacity(2 * blockEntries + 2)
        var count = 0
        var offset = 0
        func flush() throws(IngestError) {
            let bytes = buffer.count * 8
            let written = buffer.withUnsafeBytes { pwrite(file, $0.baseAddress, bytes, off_t(offset)) }
            guard written == bytes else { throw failure("cannot write a number segment", temporary) }
            offset += bytes
            buffer.removeAll(keepingCapacity: true)
        }
        for entry in entries {
            buffer.append(entry.key.littleEndian)
            buffer.append(entry.value.littleEndian)
            count += 1
            if buffer.count >= 2 * blockEntries { try flush() }
        }
        try flush()
        var header = UInt64(count).littleEndian
        guard pwrite(file, &header, 8, 8) == 8, fsync(file) == 0 else {
            throw failure("cannot write a number segment", temporary)
        }
        guard rename(temporary, path) == 0 else { throw failure("cannot move a number segment into place", path) }
        return NumberSegment(path: path, count: count)
    }

    /// A failed system call's error, with its errno.
    static func failure(_ message: String, _ path: String) -> IngestError {
        let code = errno
        var error = IngestError(.ledgerFailed, message, file: path)
        error.cause = IngestError.errno(code)
        return error
    }

    /// The entries front to back, a block at a time.
    final class Reader {
        let count: Int
        private let file: Int32
        private let path: String
        private var read = 0
        private let block = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2 * blockEntries)

        init(path: String) throws(IngestError) {
            self.path = path
            file = open(path, O_RDONLY | O_CLOEXEC)
            guard file >= 0 else {
                block.deallocate()
                throw NumberSegment.failure("cannot open a number segment", path)
            }
            var header: (UInt64, UInt64) = (0, 0)
            guard pread(file, &header, 16, 0) == 16, UInt64(littleEndian: header.0) == NumberSegment.magic else {
                _ = close(file)
                block.deallocate()
                throw IngestError(.ledgerFailed, "not a number segment", file: path)
            }
            count = Int(UInt64(littleEndian: header.1))
        }

        deinit {
            _ = close(file)
            block.deallocate()
        }

        /// The next block of entries (keys at even, values at odd positions), empty at the end.
        func nextBlock() throws(IngestError) -> UnsafeBufferPointer<UInt64> {
            let wanted = min(NumberSegment.blockEntries, count - read)
            guard wanted > 0, let start = block.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
            let bytes = wanted * 16
            var done = 0
            let base = UnsafeMutableRawPointer(start)
            while done < bytes {
                let got = pread(file, base + done, bytes - done, off_t(NumberSegment.headerBytes + read * 16 + done))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { throw IngestError(.ledgerFailed, "a number segment ends early", file: path) }
                done += got
            }
            read += wanted
            return UnsafeBufferPointer(rebasing: block[0..<2 * wanted])
        }
    }
}
