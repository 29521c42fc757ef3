import CHotPath

/// The tokenizer's and the quoting's byte search: sixteen bytes a step with SSE2 on x86-64, eight with SWAR
/// elsewhere (both checked against the byte-by-byte rule in `HotPathPrimitivesTests`).
enum ByteScan {
    /// The first index in `start..<end` of `base` holding `a`, `b` or `c`; `end` when there is none.
    @inline(__always)
    static func firstIndex(
        of a: UInt8, _ b: UInt8, _ c: UInt8, in base: UnsafePointer<UInt8>, from start: Int, to end: Int
    ) -> Int {
        #if arch(x86_64)
            hotpath_find3(base, start, end, a, b, c)
        #else
            SWAR.firstIndex(of: a, b, c, in: base, from: start, to: end)
        #endif
    }
}
