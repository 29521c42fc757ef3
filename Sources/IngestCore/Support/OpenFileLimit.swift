#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A run keeps one chunk file open per campaign and zone: a list with a thousand campaigns would hit the
/// usual soft limit of 1024 descriptors (cron, systemd) while the hard limit allows far more.
public enum OpenFileLimit {
    /// Raises the soft limit on open files to the hard one (nothing changes when that fails).
    public static func raise() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
