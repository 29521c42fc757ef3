/// phonenumbers' prefix → time-zone map (`phonenumbers.tzdata`), keyed by E.164 digit prefixes.
struct TimeZoneMap: Sendable {
    let names: [String]
    /// Prefix digits (with a leading 1 to keep zeros) → indices into `names`.
    let zones: [UInt64: [Int]]
    let longestPrefix: Int

    static let unknown = ["Etc/Unknown"]

    /// Longest-prefix lookup over `digits` (ASCII), as `time_zones_for_geographical_number`.
    func lookup(_ digits: some Collection<UInt8>, prefixLengths: some Sequence<Int>) -> [String] {
        let bytes = Array(digits)
        for length in prefixLengths {
            let end = min(length, bytes.count)
            var key: UInt64 = 1
            for byte in bytes[..<end] { key = key * 10 + UInt64(byte - 48) }
            if let found = zones[key] { return found.map { names[$0] } }
        }
        return Self.unknown
    }
}
