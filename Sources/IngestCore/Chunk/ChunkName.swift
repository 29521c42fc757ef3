/// Deterministic, unique and safe chunk file names (`[A-Za-z0-9._-]` only):
/// `STEM_SHA8_CAMPAIGN[_ZONE]_NNNN.txt`, where SHA8 starts the input file's SHA-256.
enum ChunkName {
    static func make(stem: String, sha256: String, campaign: String, zone: String?, index: Int) -> String {
        var parts = [slug(stem, limit: 40), String(sha256.prefix(8)), slug(campaign, limit: 40)]
        if let zone { parts.append(slug(zone, limit: 40)) }
        let number = String(index)
        parts.append(String(repeating: "0", count: max(0, 4 - number.count)) + number)
        return parts.joined(separator: "_") + ".txt"
    }

    /// The input file name without directories and without `.csv`, `.txt`, `.tsv`, `.gz` endings.
    static func stem(ofPath path: String) -> String {
        var name = String(path.split(separator: "/").last ?? "input")
        for suffix in [".gz", ".csv", ".txt", ".tsv"] where name.lowercased().hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count))
        }
        return name.isEmpty ? "input" : name
    }

    /// ASCII letters and digits kept, every other run becomes `-`; when that loses information a short
    /// hash of the exact text keeps `Ventas->` and `Ventas<-` apart.
    static func slug(_ text: String, limit: Int) -> String {
        var out = ""
        var pendingDash = false
        for scalar in text.unicodeScalars {
            if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                if pendingDash && !out.isEmpty { out += "-" }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        out = String(out.prefix(limit))
        if out != text {
            out += (out.isEmpty ? "" : "-") + fnv1a(text)
        }
        return out
    }

    /// FNV-1a 32-bit, as 8 hex digits: stable across runs and platforms (unlike `Hasher`).
    static func fnv1a(_ text: String) -> String {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
