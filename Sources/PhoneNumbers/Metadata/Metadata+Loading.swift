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

        // Split on bytes: Character-level splitting of 300 kB of DFA rows costs more than everything else.
        for (number, line) in text.utf8.split(separator: UInt8(ascii: "\n")).enumerated() {
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map(Substring.init)
            guard let kind = fields.first else { continue }
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
                for pair in fields[3].split(separator: ",") {
                    let parts = pair.split(separator: ":")
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
                guard fields.count == 12, let cc = Int(fields[1]), cc < 1000,
                    let typeStart = try start(fields[8], line: number)
                else { throw LoadingError.malformed(line: number) }
                var masks: [UInt32] = []
                for mask in fields[9].split(separator: ",") {
                    switch mask {
                    case "-": masks.append(0)
                    case "*":
                        masks.append(UInt32.max)
                    default:
                        guard let value = UInt32(mask, radix: 16) else { throw LoadingError.malformed(line: number) }
                        masks.append(value)
                    }
                }
                guard masks.count == RegionMetadata.Desc.allCases.count, let local = UInt32(fields[10], radix: 16)
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
                        sameMobileAndFixedLinePattern: fields[11] == "1"))
                formats.register(countryCode: cc)
                var country = countries[cc] ?? CountryBuilder(digits: Self.digits(of: cc))
                country.regions.append(index)
                countries[cc] = country
            case "N", "I":
                guard fields.count == 5, let cc = Int(fields[1]), cc < 1000 else {
                    throw LoadingError.malformed(line: number)
                }
                var bounds: [(UInt8, UInt8)] = []
                for group in fields[3].split(separator: ".") {
                    let pair = group.split(separator: "-")
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
                let codes = fields[2].split(separator: ",").map(String.init)
                country.regions.sort { a, b in
                    (codes.firstIndex(of: regions[a].code) ?? 0) < (codes.firstIndex(of: regions[b].code) ?? 0)
                }
                countries[cc] = country
            case "T":
                zoneNames = fields.dropFirst().map(String.init)
            case "Z":
                for entry in fields[1].split(separator: ";") {
                    let parts = entry.split(separator: ":")
                    guard parts.count == 2 else { throw LoadingError.malformed(line: number) }
                    var key: UInt64 = 1
                    for byte in parts[0].utf8 { key = key * 10 + UInt64(byte - 48) }
                    longest = max(longest, parts[0].utf8.count)
                    zones[key] = parts[1].split(separator: ",").compactMap { Int($0) }
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
