/// A batch's field ends: the tokenizer appends every field's end here, sixteen million times on the
/// benchmark file, without `Array`'s per-append uniqueness check.
typealias GrowingInts = GrowingBuffer<Int>

extension GrowingBuffer where Element == Int {
    func append(contentsOf values: [Int]) {
        values.withUnsafeBufferPointer { values in
            guard let source = values.baseAddress, !values.isEmpty else { return }
            reserve(values.count).update(from: source, count: values.count)
            commit(values.count)
        }
    }

    /// Every value (valid until the buffer next grows or is reset).
    var buffer: UnsafeBufferPointer<Int> { self[0..<count] }
}
