#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Memory for a table that is hit at random: aligned to 2 MiB and, on Linux, marked for transparent huge
/// pages, so a lookup's address translation is one TLB entry for the whole table instead of a page walk
/// per 4 KiB page. Elsewhere (or when the system declines) it is ordinary memory.
enum HugePages {
    static let size = 2 << 20

    static func allocateZeroed<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(count * MemoryLayout<T>.stride, 1)
        var aligned: UnsafeMutableRawPointer?
        if posix_memalign(&aligned, size, bytes) != 0 { aligned = nil }
        // Out of memory: what any allocation does then.
        guard let raw = aligned ?? calloc(bytes, 1) else { fatalError("out of memory") }
        #if os(Linux)
            _ = madvise(raw, bytes, MADV_HUGEPAGE)
        #endif
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        return raw.bindMemory(to: T.self, capacity: count)
    }

    static func deallocate<T>(_ pointer: UnsafeMutablePointer<T>) {
        free(pointer)
    }
}
