import Crypto
import DialerIngest
import Foundation
import IngestCore
import IngestDelivery

#if canImport(Glibc)
    import Glibc
#endif

/// The moves and reads the worker makes inside the inbox tree: renames that never replace a file, and
/// reads that never follow a link.
enum InboxFiles {
    /// Renames `from` to `directory/name`, or to `name` with `.2`, `.3`… when that is taken (only the
    /// worker holding the inbox lock moves files, so checking first is enough). Returns the new path.
    /// - Throws: `output-failed` with the system's reason (full disk, no permission, another filesystem).
    static func move(_ from: String, into directory: String, as name: String) throws(IngestError) -> String {
        var target = directory + "/" + name
        var attempt = 1
        while exists(target) {
            attempt += 1
            target = directory + "/" + InboxName.fit(name, suffix: ".\(attempt)")
        }
        guard rename(from, target) == 0 else {
            let reason = String(cString: strerror(errno))
            throw IngestError(
                .outputFailed, "cannot move the file to \(Terminal.escaped(directory)): \(reason)", file: from)
        }
        return target
    }

    /// True when anything is at `path`, a dangling link included.
    static func exists(_ path: String) -> Bool {
        FileStatus.of(path: path) != nil
    }

    /// Creates `path` (and its parents) if missing; a `private` folder gets (and keeps) mode 0700.
    static func makeDirectory(_ path: String, private: Bool = false) throws(IngestError) {
        do {
            let attributes: [FileAttributeKey: Any]? = `private` ? [.posixPermissions: 0o700] : nil
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: attributes)
        } catch {
            throw IngestError(.outputFailed, "cannot create the folder", file: path, cause: error)
        }
        if `private` && chmod(path, 0o700) != 0 {
            throw IngestError(.outputFailed, "cannot make the folder private (mode 0700)", file: path)
        }
    }

    enum Opened {
        /// A regular file, with its SHA-256 (hex).
        case regular(sha256: String)
        /// Anything else (a link, a FIFO, a device…): not read.
        case notRegular(kind: String)
    }

    /// Opens `path` without following a final symlink and without blocking on a FIFO, checks on the opened
    /// descriptor that it is a regular file, and only then hashes it.
    static func hash(_ path: String) throws(IngestError) -> Opened {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ELOOP { return .notRegular(kind: "symlink") }
            throw IngestError(.fileUnreadable, "cannot open: \(String(cString: strerror(errno)))", file: path)
        }
        defer { close(fd) }
        guard let status = FileStatus.of(descriptor: fd) else {
            throw IngestError(.fileUnreadable, "cannot stat: \(String(cString: strerror(errno)))", file: path)
        }
        guard status.isRegular else { return .notRegular(kind: InboxScanner.kind(status.type)) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else {
                throw IngestError(.fileUnreadable, "read failed: \(String(cString: strerror(errno)))", file: path)
            }
            if got == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
        }
        return .regular(sha256: hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }
}
