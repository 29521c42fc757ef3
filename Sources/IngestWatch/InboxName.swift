import Crypto
import DialerIngest
import IngestCore
import IngestDelivery

/// Rules about the names found in an inbox: which are never touched, and how names derived from them
/// (reports, duplicates, collisions) stay within the 255-byte limit of a directory entry.
public enum InboxName {
    /// The longest name a directory entry can have on Linux filesystems.
    public static let maxBytes = 255

    /// Names of files still being written or hidden by convention: never claimed, never read.
    public static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part") || name.hasSuffix(".filepart")
            || name.hasSuffix("~") || isMarker(name)
    }

    /// `NAME.ready` / `NAME.done`: readiness markers, never data.
    public static func isMarker(_ name: String) -> Bool {
        name.hasSuffix(".ready") || name.hasSuffix(".done")
    }

    /// The markers that declare `name` complete.
    public static func markers(of name: String) -> [String] {
        [name + ".ready", name + ".done"]
    }

    /// `prefix + name + suffix`, with `name` shortened (at a character boundary, plus a short hash of the
    /// whole name so two long names stay apart) when the result would exceed 255 bytes.
    public static func fit(_ name: String, prefix: String = "", suffix: String = "") -> String {
        let whole = prefix + name + suffix
        if whole.utf8.count <= maxBytes { return whole }
        let digest = SHA256.hash(data: Array(name.utf8)).prefix(4).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
        let budget = maxBytes - prefix.utf8.count - suffix.utf8.count - digest.utf8.count - 1
        var kept = ""
        var used = 0
        for character in name {
            let size = character.utf8.count
            if used + size > budget { break }
            kept.append(character)
            used += size
        }
        return prefix + kept + "-" + digest + suffix
    }
}

extension InboxName {
    /// The part of `name` to build derived names on, short enough that `prefix + stem + longestSuffix`
    /// fits in 255 bytes.
    public static func stem(_ name: String, prefix: String = "", longestSuffix: String) -> String {
        let fitted = fit(name, prefix: prefix, suffix: longestSuffix)
        return String(fitted.dropFirst(prefix.count).dropLast(longestSuffix.count))
    }
}
