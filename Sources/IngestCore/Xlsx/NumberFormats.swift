/// How a cell's number is to be written, from the number format its style points to.
enum NumberStyle: Equatable {
    case general
    /// A date and/or time format: the number is a date serial.
    case date(hasDate: Bool, hasTime: Bool)
    /// A format of only zeros (`000000000`): integers padded with leading zeros to `width` digits.
    case zeroPadded(width: Int)
}

/// The cell styles of a workbook (`styles.xml`), reduced to what writing a value needs.
struct NumberFormats {
    /// Per cell style index (`s="3"`), in `cellXfs` order.
    private(set) var styles: [NumberStyle] = []

    func style(_ index: Int) -> NumberStyle {
        index >= 0 && index < styles.count ? styles[index] : .general
    }

    static func read(_ scanner: inout XMLScanner) throws(IngestError) -> NumberFormats {
        var custom: [Int: String] = [:]
        var formats = NumberFormats()
        var inCellXfs = false
        while true {
            switch try scanner.next() {
            case .open:
                if scanner.nameIs("numFmt") {
                    if let id = try scanner.attributeString("numFmtId").flatMap({ Int($0) }),
                        let code = try scanner.attributeString("formatCode")
                    {
                        custom[id] = code
                    }
                } else if scanner.nameIs("cellXfs") {
                    inCellXfs = !scanner.selfClosing
                } else if scanner.nameIs("xf") && inCellXfs {
                    let id = try scanner.attributeString("numFmtId").flatMap { Int($0) } ?? 0
                    formats.styles.append(Self.style(id: id, code: custom[id]))
                }
            case .close:
                if scanner.nameIs("cellXfs") { inCellXfs = false }
            case .text:
                break
            case .end:
                return formats
            }
        }
    }

    /// Built-in formats (ECMA-376 18.8.30) for ids without a custom code, else the code's own reading.
    static func style(id: Int, code: String?) -> NumberStyle {
        if let code { return style(code: code) }
        switch id {
        case 14...17, 27...31, 34...36, 50...58: return .date(hasDate: true, hasTime: false)
        case 18...21, 32, 33, 45...47: return .date(hasDate: false, hasTime: true)
        case 22: return .date(hasDate: true, hasTime: true)
        default: return .general
        }
    }

    /// Reads a format code: its first section, with quoted text, escapes and `[...]` (colours, locales,
    /// conditions) left out; `y`/`d`/`m` mean a date, `h`/`s` (or `[h]`) a time, only `0`s a zero pad.
    static func style(code: String) -> NumberStyle {
        var letters: [Character] = []
        var inQuote = false
        var inBracket = false
        var escaped = false
        var bracket = ""
        for character in code {
            if escaped {
                escaped = false
                continue
            }
            if inQuote {
                if character == "\"" { inQuote = false }
                continue
            }
            if inBracket {
                if character == "]" {
                    inBracket = false
                    let lower = bracket.lowercased()
                    if !lower.isEmpty && lower.allSatisfy({ "hms".contains($0) }) { letters.append("h") }
                } else {
                    bracket.append(character)
                }
                continue
            }
            switch character {
            case "\"": inQuote = true
            case "\\", "_", "*": escaped = true
            case "[":
                inBracket = true
                bracket = ""
            case ";": break
            default:
                letters.append(character)
                continue
            }
            if character == ";" { break }
        }
        let lower = letters.map { $0.lowercased() }.joined()
        let hasTime = lower.contains("h") || lower.contains("s")
        let hasDate = lower.contains("y") || lower.contains("d") || (lower.contains("m") && !hasTime)
        if lower == "general" { return .general }
        if hasDate || hasTime { return .date(hasDate: hasDate, hasTime: hasTime) }
        if letters.count >= 2 && letters.allSatisfy({ $0 == "0" }) { return .zeroPadded(width: letters.count) }
        return .general
    }
}
