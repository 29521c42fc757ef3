#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lead files are opened here: regular files only, and without blocking, since opening a FIFO for reading
/// waits for a writer for ever (a stray `mkfifo` in a drop folder must fail its file, not hang the run).
enum RegularFile {
    /// A read-only, close-on-exec descriptor of `path` and what `fstat` says of it; the caller closes it.
    static func open(_ path: String) throws(IngestError) -> (descriptor: Int32, info: stat) {
        #if canImport(Glibc)
            let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        #else
            let fd = Darwin.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        #endif
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw IngestError(.fileNotFound, "no such file", file: path) }
            throw IngestError(.fileUnreadable, "cannot open: \(String(cString: strerror(code)))", file: path)
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw IngestError(.fileUnreadable, "not a regular file", file: path)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return (fd, info)
    }

    /// Up to `count` bytes from the start of `path`.
    static func firstBytes(_ path: String, count: Int) throws(IngestError) -> [UInt8] {
        let (fd, _) = try open(path)
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        bytes.withUnsafeMutableBytes { storage in
            while filled < count, let base = storage.baseAddress {
                let got = read(fd, base + filled, count - filled)
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { return }
                filled += got
            }
        }
        bytes.removeLast(count - filled)
        return bytes
    }
}
