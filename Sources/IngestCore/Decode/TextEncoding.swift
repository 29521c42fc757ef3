import Foundation

/// The text encodings lead files arrive in; the report names the one used for each file.
public enum TextEncoding: String, Sendable, CaseIterable, Codable {
    case utf8 = "utf-8"
    case utf8BOM = "utf-8-bom"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1252 = "windows-1252"

    /// Accepts the usual spellings operators write (`UTF8`, `cp1252`, `latin1`).
    public init?(configName: String) {
        let key = configName.lowercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "utf-8", "utf8": self = .utf8
        case "utf-8-bom", "utf8-bom", "utf-8-sig": self = .utf8BOM
        case "utf-16le", "utf16le", "utf-16": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        case "windows-1252", "cp1252", "latin1", "latin-1", "iso-8859-1": self = .windows1252
        default: return nil
        }
    }
}
