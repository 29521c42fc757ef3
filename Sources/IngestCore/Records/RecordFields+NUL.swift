#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension RecordFields {
    /// True when a field holds a NUL byte (`memchr`: one vectorised pass).
    var containsNUL: Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return false }
        return memchr(base, 0, bytes.count) != nil
    }
}
