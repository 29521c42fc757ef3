#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `stat`, `lstat` or `fstat` says of a file, in the terms the inbox worker reads.
///
/// Kept here, in the one target that reads `struct stat` directly: with MemberImportVisibility a C struct's
/// members belong to whichever C module declared it first, which moves with a target's imports (it was
/// CoreFoundation, then CDispatch, then CNIOLinux as the watch target's imports changed).
package struct FileStatus: Sendable, Equatable {
    /// The `S_IFMT` bits of `st_mode`: `S_IFREG`, `S_IFDIR`, `S_IFLNK`, …
    package var type: mode_t
    package var size: Int64
    /// Modification time in seconds since the epoch, nanoseconds included.
    package var modified: Double

    package var isRegular: Bool { type == S_IFREG }
    package var isDirectory: Bool { type == S_IFDIR }

    init(_ info: stat) {
        type = info.st_mode & S_IFMT
        size = Int64(info.st_size)
        #if canImport(Darwin)
            modified = Double(info.st_mtimespec.tv_sec) + Double(info.st_mtimespec.tv_nsec) / 1e9
        #else
            modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        #endif
    }

    /// `lstat` (a link itself) or, `followingLinks`, `stat` of `path`; nil with `errno` set.
    package static func of(path: String, followingLinks: Bool = false) -> FileStatus? {
        var info = stat()
        let result = followingLinks ? stat(path, &info) : lstat(path, &info)
        return result == 0 ? FileStatus(info) : nil
    }

    /// `fstat` of an open descriptor; nil with `errno` set.
    package static func of(descriptor: Int32) -> FileStatus? {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? FileStatus(info) : nil
    }
}
