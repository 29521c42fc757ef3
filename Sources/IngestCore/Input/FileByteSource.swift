import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
#endif

/// Reads a file from disk in large blocks and hashes what it reads (the ledger knows files by SHA-256).
final class FileByteSource: ByteSource {
    static let blockSize = 1 << 20

    let path: String
    /// Size when opened: the progress line's total.
    let size: Int64
    private let descriptor: Int32
    /// What the file was when opened; compared again at its end (see `FileIdentity`).
    private let identity: FileIdentity
    private var hasher = SHA256()
    private(set) var bytesFromDisk: Int64 = 0

    /// Opens `path` for reading. Refuses anything but a regular file (see `RegularFile`).
    init(path: String) throws(IngestError) {
        self.path = path
        let (fd, info) = try RegularFile.open(path)
        descriptor = fd
        size = Int64(info.st_size)
        identity = FileIdentity(info)
    }

    deinit {
        close(descriptor)
    }

    func read(into buffer: inout [UInt8]) throws(IngestError) -> Bool {
        if buffer.count != Self.blockSize {
            buffer = [UInt8](repeating: 0, count: Self.blockSize)
        }
        var filled = 0
        var failure: Int32 = 0
        buffer.withUnsafeMutableBytes { storage in
            while filled < storage.count, let base = storage.baseAddress {
                let got = systemRead(descriptor, base + filled, storage.count - filled)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { return }
                filled += got
            }
        }
        if failure != 0 {
            throw IngestError(.fileUnreadable, "read failed: \(String(cString: strerror(failure)))", file: path)
        }
        buffer.removeLast(buffer.count - filled)
        bytesFromDisk += Int64(filled)
        try identity.checkUnchanged(descriptor: descriptor, path: path, bytesRead: bytesFromDisk, atEnd: filled == 0)
        buffer.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return filled > 0
    }

    /// Hex SHA-256 of every byte read; call once the source is exhausted.
    func sha256Hex() -> String {
        hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
