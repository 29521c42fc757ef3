import DialerIngest
import Foundation
import IngestCore
import IngestDelivery

#if canImport(Glibc)
    import Glibc
#endif

/// Lists a folder without following anything: regular files with their size and mtime, and, apart, the
/// entries that are not regular files (symlinks, FIFOs, folders, devices) or whose name is not UTF-8.
enum InboxScanner {
    struct Listing {
        var files: [InboxEntry] = []
        /// Every UTF-8 name present (markers included).
        var names: Set<String> = []
        /// Entries skipped, with why (`symlink`, `fifo`, `directory`, `device`, `socket`, `non-utf8-name`).
        var skipped: [(name: String, kind: String)] = []
    }

    /// - Throws: `output-failed` when the folder cannot be listed.
    static func list(_ directory: String) throws(IngestError) -> Listing {
        guard let stream = opendir(directory) else {
            throw IngestError(
                .outputFailed, "cannot list the folder: \(String(cString: strerror(errno)))", file: directory)
        }
        defer { closedir(stream) }
        var listing = Listing()
        while let entry = readdir(stream) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            guard let name = String(validating: bytes, as: UTF8.self) else {
                listing.skipped.append((String(decoding: bytes, as: UTF8.self), "non-utf8-name"))
                continue
            }
            if name == "." || name == ".." { continue }
            listing.names.insert(name)
            if name.hasPrefix(".") { continue }
            guard let status = FileStatus.of(path: directory + "/" + name) else { continue }  // gone meanwhile
            if status.isRegular {
                listing.files.append(InboxEntry(name: name, size: status.size, modified: status.modified))
            } else if !InboxName.isIgnored(name) {
                listing.skipped.append((name, Self.kind(status.type)))
            }
        }
        return listing
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode {
        case S_IFLNK: return "symlink"
        case S_IFIFO: return "fifo"
        case S_IFDIR: return "directory"
        case S_IFCHR, S_IFBLK: return "device"
        case S_IFSOCK: return "socket"
        default: return "not a regular file"
        }
    }
}
