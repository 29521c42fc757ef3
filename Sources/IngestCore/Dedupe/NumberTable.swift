import CHotPath

/// A set of phone-number keys (non-zero integers below 2^63) with a "pending" mark per key: open
/// addressing, linear probing, one 8-byte slot per key. Much cheaper per row than `Set<UInt64>`
/// (no per-insert hashing of a seed, no uniqueness checks, growth by a plain rehash).
final class NumberTable {
    private static let pendingBit: UInt64 = 1 << 63
    private static let maxLoadNumerator = 1  // grow past half full: linear probing stays short
    private static let maxLoadDenominator = 2

    private var slots: UnsafeMutableBufferPointer<UInt64>
    private var shift: UInt64
    private(set) var count = 0

    init(capacityLog2: Int = 16) {
        slots = .allocate(capacity: 1 << capacityLog2)
        slots.initialize(repeating: 0)
        shift = UInt64(64 - capacityLog2)
    }

    deinit {
        slots.deallocate()
    }

    func contains(_ number: UInt64) -> Bool {
        let key = number & ~Self.pendingBit
        var index = slot(for: key)
        let mask = slots.count - 1
        while true {
            let entry = slots[index]
            if entry == 0 { return false }
            if entry & ~Self.pendingBit == key { return true }
            index = (index + 1) & mask
        }
    }

    /// Adds `key` marked pending; false when it is already there (pending or not).
    func insertPending(_ number: UInt64) -> Bool {
        let key = number & ~Self.pendingBit
        if (count + 1) * Self.maxLoadDenominator > slots.count * Self.maxLoadNumerator { grow() }
        var index = slot(for: key)
        let mask = slots.count - 1
        while true {
            let entry = slots[index]
            if entry == 0 {
                slots[index] = key | Self.pendingBit
                count += 1
                return true
            }
            if entry & ~Self.pendingBit == key { return false }
            index = (index + 1) & mask
        }
    }

    /// Every key with its pending mark, in slot order.
    func forEach(_ body: (_ key: UInt64, _ pending: Bool) throws(IngestError) -> Void) throws(IngestError) {
        for entry in slots where entry != 0 { try body(entry & ~Self.pendingBit, entry & Self.pendingBit != 0) }
    }

    /// Starts loading the slot of one key, a few rows before its insert (see `DuplicateCheck.prefetch`).
    func prefetch(_ number: UInt64) {
        if let base = slots.baseAddress { hotpath_prefetch(base + slot(for: number & ~Self.pendingBit)) }
    }

    /// Pending keys become permanent.
    func commitPending() {
        for index in slots.indices { slots[index] &= ~Self.pendingBit }
    }

    /// Pending keys are removed.
    func discardPending() {
        rebuild(capacity: slots.count) { $0 & Self.pendingBit == 0 }
    }

    private func slot(for key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private func grow() {
        rebuild(capacity: slots.count * 2) { _ in true }
    }

    private func rebuild(capacity: Int, keeping keep: (UInt64) -> Bool) {
        let old = slots
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        count = 0
        let mask = capacity - 1
        for entry in old where entry != 0 && keep(entry) {
            var index = slot(for: entry & ~Self.pendingBit)
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = entry
            count += 1
        }
        old.deallocate()
    }
}
