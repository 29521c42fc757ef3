import Foundation

/// Time zone checks: IANA identifiers from the system database, and the config's optional allow-list.
struct TimezoneRules: Sendable {
    private static let knownZones = Set(TimeZone.knownTimeZoneIdentifiers)
    private let allowed: Set<String>?

    init(allowed: [String]?) {
        self.allowed = allowed.map(Set.init)
    }

    /// True for an IANA zone name the system knows (`America/Montevideo`), false for abbreviations and offsets.
    static func isKnownZone(_ name: String) -> Bool {
        knownZones.contains(name)
    }

    /// Nil when `zone` may be used, else the reason it may not.
    func problem(with zone: String) -> String? {
        guard Self.isKnownZone(zone) else { return "not an IANA time zone" }
        if let allowed, !allowed.contains(zone) { return "not in timezones.allowed" }
        return nil
    }
}
