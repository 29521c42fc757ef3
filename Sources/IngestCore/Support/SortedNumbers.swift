extension Array where Element == UInt64 {
    /// The values ascending, each once.
    package func sortedUnique() -> [UInt64] {
        var values = sorted()
        var unique = 0
        for index in values.indices where unique == 0 || values[unique - 1] != values[index] {
            values[unique] = values[index]
            unique += 1
        }
        values.removeLast(values.count - unique)
        return values
    }

    /// Where `value` is in this ascending array, if it is (a binary search).
    package func sortedIndex(of value: UInt64) -> Int? {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low] == value ? low : nil
    }
}
