import Foundation

/// Time zone checks: IANA identifiers from the system database, and the config's optional allow-list.
struct TimezoneRules: Sendable {
    private static let knownZones = Set(TimeZone.knownTimeZoneIdentifiers)
    /// Canonical names, so `America/Buenos_Aires` (libphonenumber's) matches `America/Argentina/Buenos_Aires`.
    private let allowed: Set<String>?

    init(allowed: [String]?) {
        self.allowed = allowed.map { Set($0.map(Self.canonical)) }
    }

    /// Backward-compatible zone names and the zone each stands for, from the system's tzdata (`L ZONE ALIAS`
    /// lines of tzdata.zi); empty where the file is missing, and then names are compared as written.
    static let links: [String: String] = {
        guard let text = try? String(contentsOfFile: "/usr/share/zoneinfo/tzdata.zi", encoding: .utf8) else {
            return [:]
        }
        var links: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("L ") {
            let parts = line.split(separator: " ")
            if parts.count == 3 { links[String(parts[2])] = String(parts[1]) }
        }
        return links
    }()

    /// The current name of `zone` (`Europe/Kiev` → `Europe/Kyiv`, `US/Eastern` → `America/New_York`): aliases
    /// of one zone then make one upload group and match the allow-list by any of their names.
    static func canonical(_ zone: String) -> String {
        var name = zone
        for _ in 0..<8 {
            guard let target = links[name] else { break }
            name = target
        }
        return name
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
        if let allowed, !allowed.contains(Self.canonical(zone)) { return "not in timezones.allowed" }
        return nil
    }
}
