extension Array where Element == UInt64 {
    /// Sorts the values in place and drops repeats (no second array: a file's numbers can be millions).
    package mutating func formSortedUnique() {
        sort()
        var unique = 0
        for index in indices where unique == 0 || self[unique - 1] != self[index] {
            self[unique] = self[index]
            unique += 1
        }
        removeLast(count - unique)
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
