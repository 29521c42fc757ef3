import Foundation

/// Time zone checks: IANA identifiers from the system database, and the config's optional allow-list.
struct TimezoneRules: Sendable {
    private static let knownZones = Set(TimeZone.knownTimeZoneIdentifiers)
    private let allowed: Set<String>?

    init(allowed: [String]?) {
        self.allowed = allowed.map(Set.init)
    }

    /// True for an IANA zone name the system knows (`America/Montevideo`, and backward-compatible aliases such as
    /// `America/Buenos_Aires`, which libphonenumber uses), false for abbreviations (`EST`) and offsets (`GMT+3`).
    static func isKnownZone(_ name: String) -> Bool {
        if knownZones.contains(name) || name == "UTC" { return true }
        let areaAndPlace = name.split(separator: "/", omittingEmptySubsequences: false)
        let wellFormed =
            areaAndPlace.count >= 2
            && areaAndPlace.allSatisfy { part in
                !part.isEmpty
                    && part.unicodeScalars.allSatisfy {
                        $0.isASCII && ($0.properties.isAlphabetic || "_-+0123456789".unicodeScalars.contains($0))
                    }
            }
        return wellFormed && TimeZone(identifier: name) != nil
    }

    /// Nil when `zone` may be used, else the reason it may not.
    func problem(with zone: String) -> String? {
        guard Self.isKnownZone(zone) else { return "not an IANA time zone" }
        if let allowed, !allowed.contains(zone) { return "not in timezones.allowed" }
        return nil
    }
}
