/// A growable buffer of `Int` written through a raw pointer: the tokenizer appends every field's end here,
/// sixteen million times on the benchmark file, without `Array`'s per-append uniqueness check.
///
/// A buffer belongs to one thread at a time (a batch's field ends), like `GrowingBytes`.
final class GrowingInts {
    private(set) var base: UnsafeMutablePointer<Int>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 12) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    @inline(__always)
    func append(_ value: Int) {
        if count == capacity { grow(to: count + 1) }
        base[count] = value
        count += 1
    }

    func append(contentsOf values: [Int]) {
        values.withUnsafeBufferPointer { values in
            guard let source = values.baseAddress, !values.isEmpty else { return }
            if count + values.count > capacity { grow(to: count + values.count) }
            (base + count).update(from: source, count: values.count)
            count += values.count
        }
    }

    func removeAll() {
        count = 0
    }

    /// Drops the values from `newCount` on.
    func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count)
        count = newCount
    }

    /// Every value (valid until the buffer next grows or is reset).
    var buffer: UnsafeBufferPointer<Int> {
        UnsafeBufferPointer(start: base, count: count)
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }
}
