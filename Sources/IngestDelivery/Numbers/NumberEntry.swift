/// One load of a number, as the number index keeps it: 16 bytes, ordered by `key`.
///
/// `key` is the E.164 integer shifted left 14 bits, with the campaign's id (``Ledger/campaignID(_:)``) in
/// the low bits: one number's loads into every campaign lie side by side, so a lookup for any campaign
/// (`dedupe.scope: all`) is a lookup of the number's range. E.164 has at most 15 digits (< 2^50).
/// `value` is when (Unix seconds, high 32 bits) and which chunk (the `chunk_numbers` rowid, low 32 bits).
package struct NumberEntry: Equatable, Comparable, Sendable {
    package var key: UInt64
    package var value: UInt64

    package static let campaignBits: UInt64 = 14
    /// Campaign ids run from 1 to this.
    package static let maxCampaignID = Int(1 << campaignBits) - 1

    package init(key: UInt64, value: UInt64) {
        self.key = key
        self.value = value
    }

    package init(number: UInt64, campaign: Int, at: UInt32, chunk: UInt32) {
        key = Self.key(number: number, campaign: campaign)
        value = UInt64(at) << 32 | UInt64(chunk)
    }

    package static func key(number: UInt64, campaign: Int) -> UInt64 {
        number << campaignBits | UInt64(campaign)
    }

    package var number: UInt64 { key >> Self.campaignBits }
    package var campaign: Int { Int(key & (1 << Self.campaignBits - 1)) }
    package var at: UInt32 { UInt32(truncatingIfNeeded: value >> 32) }
    package var chunk: UInt32 { UInt32(truncatingIfNeeded: value) }

    package static func < (lhs: NumberEntry, rhs: NumberEntry) -> Bool {
        (lhs.key, lhs.value) < (rhs.key, rhs.value)
    }
}
