import Foundation

/// Header names as people type them: compared ignoring case, accents, surrounding spaces and `_`/`-`/`.`.
enum HeaderName {
    /// `" Teléfono_Móvil "` → `"telefono movil"`.
    static func folded(_ name: String) -> String {
        let plain = name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var words: [Substring] = []
        for word in plain.lowercased().split(whereSeparator: { " _-.\t/".contains($0) }) { words.append(word) }
        return words.joined(separator: " ")
    }
}
