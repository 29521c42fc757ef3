#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's identity and version when it was opened: device + inode, size, modification time.
///
/// A lead file that an exporter is still writing, truncating or replacing while it is read would load
/// a mix of old and new rows (or half a file). The open descriptor is checked again after every block and
/// the path at the end; any difference fails the file (`file-changed`), so none of it is sent.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
            modifiedSeconds = Int(info.st_mtimespec.tv_sec)
            modifiedNanoseconds = Int(info.st_mtimespec.tv_nsec)
        #else
            modifiedSeconds = Int(info.st_mtim.tv_sec)
            modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
        #endif
    }

    /// The identity of the file at `path` (links followed); nil with `errno` set when it cannot be had.
    static func of(path: String) -> FileIdentity? {
        var info = stat()
        return stat(path, &info) == 0 ? FileIdentity(info) : nil
    }

    /// Checks the open file against what it was when opened: after every block (size, mtime: a writer is
    /// caught at once) and at the end (`atEnd`: every byte read, and the path still names this file).
    /// - Throws: `file-changed` when the file grew, shrank, was rewritten or replaced since it was opened.
    func checkUnchanged(descriptor: Int32, path: String, bytesRead: Int64, atEnd: Bool) throws(IngestError) {
        var now = stat()
        guard fstat(descriptor, &now) == 0 else {
            throw IngestError(.fileUnreadable, "cannot check the file while reading it", file: path)
        }
        let current = FileIdentity(now)
        var reason: String?
        if current.size != size || (atEnd && bytesRead != size) {
            reason = "its size changed from \(size) to \(current.size) bytes"
        } else if current != self {
            reason = "it was modified"
        } else if atEnd {
            var onPath = stat()
            if stat(path, &onPath) != 0 || FileIdentity(onPath).inode != inode || FileIdentity(onPath).device != device
            {
                reason = "it was replaced by another file"
            }
        }
        if let reason {
            throw IngestError(
                .fileChanged,
                "the file changed while it was being read (\(reason)): nothing of it is sent; "
                    + "run again once the export is complete", file: path)
        }
    }
}
