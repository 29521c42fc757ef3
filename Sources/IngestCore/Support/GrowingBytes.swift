#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable buffer written through a raw pointer: the hot path appends without `Array`'s per-append
/// uniqueness checks, and hands ranges of it on without copying. `GrowingBytes` holds a line's pieces, a
/// batch's records, the rejects; `GrowingInts` a batch's field ends.
///
/// A buffer belongs to one thread at a time (a batch's lines, the normaliser's scratch).
final class GrowingBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int
    fileprivate(set) var count = 0

    init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Makes room for `extra` more elements; the pointer returned is where they go (valid until the next
    /// growth).
    @inline(__always)
    func reserve(_ extra: Int) -> UnsafeMutablePointer<Element> {
        if count + extra > capacity { grow(to: count + extra) }
        return base + count
    }

    /// Counts `written` elements the caller put at `reserve`'s pointer.
    @inline(__always)
    func commit(_ written: Int) {
        count += written
    }

    @inline(__always)
    func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = element
        count += 1
    }

    func removeAll() {
        count = 0
    }

    /// Drops the elements from `newCount` on.
    func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count)
        count = newCount
    }

    /// Elements `range` of the buffer (valid until the buffer next grows or is reset).
    subscript(range: Range<Int>) -> UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// A copy of the content (tests, messages).
    var array: [Element] { Array(self[0..<count]) }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }
}

typealias GrowingBytes = GrowingBuffer<UInt8>

extension GrowingBuffer where Element == UInt8 {
    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        let target = reserve(bytes.count)
        Self.copy(source, to: target, count: bytes.count)
        count += bytes.count
    }

    /// Copies `count` bytes; up to 32 of them (most pieces of a line: a campaign, a number, a name, an email)
    /// with two overlapping word or vector moves instead of a call to `memmove`.
    @inline(__always)
    static func copy(_ source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, count: Int) {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(target)
        switch count {
        case 17...32:
            let head = from.loadUnaligned(as: SIMD16<UInt8>.self)
            let tail = from.loadUnaligned(fromByteOffset: count - 16, as: SIMD16<UInt8>.self)
            to.storeBytes(of: head, as: SIMD16<UInt8>.self)
            to.storeBytes(of: tail, toByteOffset: count - 16, as: SIMD16<UInt8>.self)
        case 8...16:
            let head = from.loadUnaligned(as: UInt64.self)
            let tail = from.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
        case 4..<8:
            let head = from.loadUnaligned(as: UInt32.self)
            let tail = from.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
        case 0..<4:
            for index in 0..<count { target[index] = source[index] }
        default:
            target.update(from: source, count: count)
        }
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        append(bytes.assumingMemoryBound(to: UInt8.self))
    }

    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Writes `value` in decimal (no sign: callers write counts and priorities).
    func appendDecimal(_ value: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { scratch in
            var remaining = value.magnitude
            var start = scratch.count
            repeat {
                start -= 1
                scratch[start] = UInt8(truncatingIfNeeded: remaining % 10) &+ 0x30
                remaining /= 10
            } while remaining > 0
            append(UnsafeRawBufferPointer(rebasing: scratch[start...]))
        }
    }

    /// Writes the content to `descriptor` (at `offset`, or at the file position when nil), retrying short
    /// writes and EINTR, then empties the buffer either way.
    /// - Returns: 0, or the `errno` of the failed write.
    func drain(to descriptor: Int32, at offset: Int? = nil) -> Int32 {
        defer { count = 0 }
        var done = 0
        while done < count {
            let written =
                if let offset {
                    pwrite(descriptor, base + done, count - done, off_t(offset + done))
                } else {
                    write(descriptor, base + done, count - done)
                }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += written
        }
        return 0
    }
}
