extension Metadata {
    enum LoadingError: Error {
        case malformed(line: Int)
    }

    /// Parses the generator's text format (documented in scripts/phonemeta/generate.py).
    convenience init(text: String) {
        do {
            try self.init(parsing: text)
        } catch {
            // The text is generated and covered by tests; a failure here is a build defect, not input.
            fatalError("PhoneNumbers: embedded metadata is malformed: \(error)")
        }
    }

    private convenience init(parsing text: String) throws {
        var version = ""
        var transitions: [UInt32] = Array(repeating: 0, count: 10)
        var labels: [UInt16] = [0]
        var dfaStarts: [UInt32] = []
        var regions: [RegionMetadata] = []
        var countries: [CountryBuilder?] = Array(repeating: nil, count: 1000)
        var formats = FormatTable.Builder()
        var zoneNames: [String] = []
        var zones: [UInt64: [Int]] = [:]
        var longest = 0

        func start(_ field: Substring, line: Int) throws -> UInt32? {
            if field.isEmpty { return nil }
            guard let id = Int(field), id < dfaStarts.count else { throw LoadingError.malformed(line: line) }
            return dfaStarts[id]
        }

        try Self.forEachRecord(in: text) { number, fields in
            guard let kind = fields.first else { return }
            switch kind {
            case "V":
                version = String(fields[1])
            case "D":
                guard fields.count == 5, let states = Int(fields[2]) else {
                    throw LoadingError.malformed(line: number)
                }
                let base = UInt32(labels.count) - 1
                dfaStarts.append(base + 1)
                // Local state s > 0 becomes base + s; local 0 (dead) maps to the shared dead state 0.
                labels += Array(repeating: 0, count: states - 1)
                for pair in Self.pieces(fields[3], ",") {
                    let parts = Self.pieces(pair, ":")
                    guard parts.count == 2, let state = Int(parts[0]), let label = UInt16(parts[1], radix: 16),
                        state > 0
                    else { throw LoadingError.malformed(line: number) }
                    labels[Int(base) + state] = label
                }
                var decoded = 0
                var digit = 0
                fields[4].utf8.withContiguousStorageIfAvailable { rows in
                    var index = 0
                    while index + 3 <= rows.count {
                        let target = Int(Self.base64(rows[index])) * 64 + Int(Self.base64(rows[index + 1]))
                        let last = Int(rows[index + 2]) - 48
                        let global: UInt32 = target == 0 ? 0 : base + UInt32(target)
                        // Local state 0's row is dropped: the shared dead state already has one.
                        while digit <= last {
                            if decoded > 0 { transitions.append(global) }
                            digit += 1
                        }
                        index += 3
                        if last == 9 {
                            decoded += 1
                            digit = 0
                        }
                    }
                }
                guard decoded == states else { throw LoadingError.malformed(line: number) }
            case "R":
                guard fields.count == 13, let cc = Int(fields[1]), cc < 1000,
                    let typeStart = try start(fields[8], line: number)
                else { throw LoadingError.malformed(line: number) }
                var masks: [UInt32] = []
                for mask in Self.pieces(fields[9], ",") {
                    switch mask {
                    case "-": masks.append(0)
                    case "*":
                        masks.append(UInt32.max)
                    default:
                        guard let value = UInt32(mask, radix: 16) else { throw LoadingError.malformed(line: number) }
                        masks.append(value)
                    }
                }
                guard masks.count == RegionMetadata.Desc.allCases.count, let local = UInt32(fields[10], radix: 16),
                    fields[12].utf8.allSatisfy({ $0 &- 0x30 < 10 })
                else { throw LoadingError.malformed(line: number) }
                let index = regions.count
                regions.append(
                    RegionMetadata(
                        code: String(fields[2]), index: regions.count, countryCode: cc,
                        internationalPrefix: PrefixPattern(fields[3]) { $0 < dfaStarts.count ? dfaStarts[$0] : nil },
                        nationalPrefixForParsing: PrefixPattern(fields[5]) {
                            $0 < dfaStarts.count ? dfaStarts[$0] : nil
                        },
                        transformRule: fields[6].isEmpty ? nil : Self.template(fields[6]),
                        leadingDigits: try start(fields[7], line: number), typeStart: typeStart,
                        lengthMasks: masks, localOnlyLengths: local,
                        sameMobileAndFixedLinePattern: fields[11] == "1", dialPrefix: Array(fields[12].utf8)))
                formats.register(countryCode: cc)
                var country = countries[cc] ?? CountryBuilder(digits: Self.digits(of: cc))
                country.regions.append(index)
                countries[cc] = country
            case "N", "I":
                guard fields.count == 5, let cc = Int(fields[1]), cc < 1000 else {
                    throw LoadingError.malformed(line: number)
                }
                var bounds: [(UInt8, UInt8)] = []
                for group in Self.pieces(fields[3], ".") {
                    let pair = Self.pieces(group, "-")
                    guard pair.count == 2, let low = UInt8(pair[0]), let high = UInt8(pair[1]) else {
                        throw LoadingError.malformed(line: number)
                    }
                    bounds.append((low, high))
                }
                guard bounds.count <= 9 else { throw LoadingError.malformed(line: number) }
                formats.add(
                    countryCode: cc, national: kind == "N", leadingDigits: try start(fields[2], line: number),
                    groupBounds: bounds, template: fields[4] == "-" ? [] : Self.template(fields[4]))
            case "C":
                // Regions were appended in calling-code order already; this record only fixes the order.
                guard fields.count == 3, let cc = Int(fields[1]), var country = countries[cc] else {
                    throw LoadingError.malformed(line: number)
                }
                let codes = Self.pieces(fields[2], ",").map(String.init)
                country.regions.sort { a, b in
                    (codes.firstIndex(of: regions[a].code) ?? 0) < (codes.firstIndex(of: regions[b].code) ?? 0)
                }
                countries[cc] = country
            case "T":
                zoneNames = fields.dropFirst().map(String.init)
            case "Z":
                for entry in Self.pieces(fields[1], ";") {
                    let parts = Self.pieces(entry, ":")
                    guard parts.count == 2 else { throw LoadingError.malformed(line: number) }
                    var key: UInt64 = 1
                    for byte in parts[0].utf8 { key = key * 10 + UInt64(byte - 48) }
                    longest = max(longest, parts[0].utf8.count)
                    zones[key] = Self.pieces(parts[1], ",").compactMap { Int($0) }
                }
            default:
                throw LoadingError.malformed(line: number)
            }
        }
        self.init(
            version: version, automata: DigitAutomata(transitions: transitions, labels: labels), regions: regions,
            countries: countries.map { $0?.build(regions) }, formats: formats.build(),
            timeZones: TimeZoneMap(names: zoneNames, zones: zones, longestPrefix: longest))
    }

    /// Calls `body` with each non-empty line's number (counting non-empty lines from 0) and its tab-separated
    /// fields. Scanned as bytes: splitting through String's views cost more than everything else, tens of
    /// milliseconds at every start of the program.
    private static func forEachRecord(
        in text: String, _ body: (_ number: Int, _ fields: [Substring]) throws -> Void
    ) throws {
        var text = text
        try text.withUTF8 { bytes in
            var fields: [Substring] = []
            var number = 0
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                if end > start {
                    fields.removeAll(keepingCapacity: true)
                    var fieldStart = start
                    for index in start...end where index == end || bytes[index] == UInt8(ascii: "\t") {
                        let field = UnsafeBufferPointer(rebasing: bytes[fieldStart..<index])
                        fields.append(Substring(String(decoding: field, as: UTF8.self)))
                        fieldStart = index + 1
                    }
                    try body(number, fields)
                    number += 1
                }
                start = end + 1
            }
        }
    }

    /// `field.split(separator:)` for an ASCII separator, over the UTF-8 view: the Character-level split cost
    /// most of the loading time. Empty pieces are omitted, as `split` does.
    private static func pieces(_ field: Substring, _ separator: Unicode.Scalar) -> [Substring] {
        let utf8 = field.utf8
        let byte = UInt8(ascii: separator)
        var result: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == byte {
                if index != start { result.append(field[start..<index]) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start != utf8.endIndex { result.append(field[start..<utf8.endIndex]) }
        return result
    }

    /// A `Country` while its records are being read.
    struct CountryBuilder {
        var regions: [Int] = []
        var digits: [UInt8] = []

        func build(_ all: [RegionMetadata]) -> Country {
            Country(regions: regions.map { all[$0] }, digits: digits)
        }
    }

    private static func base64(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 36
        case UInt8(ascii: "-"): 62
        default: 63
        }
    }

    private static func digits(of code: Int) -> [UInt8] {
        String(code).utf8.map { $0 - 48 }
    }

    /// Decodes `0b15cd` / `9\1` style templates: digits stay, `a`...`i` or `\1`...`\9` are group references.
    private static func template(_ field: Substring) -> [Int8] {
        var out: [Int8] = []
        var escaped = false
        for byte in field.utf8 {
            switch byte {
            case UInt8(ascii: "\\"):
                escaped = true
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.append(escaped ? -Int8(byte - 48) : Int8(byte - 48))
            case UInt8(ascii: "a")...UInt8(ascii: "i"):
                out.append(-Int8(byte - UInt8(ascii: "a") + 1))
            default:
                break
            }
            escaped = false
        }
        return out
    }
}
