/// A set of `(campaign, key)` pairs for one partition of the deferred duplicate check: open addressing,
/// linear probing, at most half full. Keys are non-zero (an E.164 number as an integer), so 0 marks a free slot.
struct KeyTable {
    private var keys: [UInt64]
    private var campaigns: [UInt32]
    private var shift: UInt64
    private(set) var count = 0

    /// - Parameter expected: how many pairs it will probably hold (it grows past that if needed).
    init(expected: Int) {
        var log2 = 10
        while (1 << log2) < expected * 2 { log2 += 1 }
        keys = Array(repeating: 0, count: 1 << log2)
        campaigns = Array(repeating: 0, count: 1 << log2)
        shift = UInt64(64 - log2)
    }

    /// Adds the pair; false when it was already there.
    mutating func insert(_ key: UInt64, campaign: UInt32) -> Bool {
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var index = slot(key, campaign)
        while true {
            let entry = keys[index]
            if entry == 0 {
                keys[index] = key
                campaigns[index] = campaign
                count += 1
                return true
            }
            if entry == key && campaigns[index] == campaign { return false }
            index = (index + 1) & mask
        }
    }

    private func slot(_ key: UInt64, _ campaign: UInt32) -> Int {
        Int(truncatingIfNeeded: ((key ^ UInt64(campaign) &* 0xC2B2_AE3D_27D4_EB4F) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldCampaigns = campaigns
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        campaigns = Array(repeating: 0, count: oldKeys.count * 2)
        shift -= 1
        count = 0
        for index in oldKeys.indices where oldKeys[index] != 0 {
            _ = insert(oldKeys[index], campaign: oldCampaigns[index])
        }
    }
}
