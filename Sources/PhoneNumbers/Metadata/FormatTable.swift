/// Formatting rules of every calling code, reduced to what digits-only output needs, in flat POD tables.
///
/// libphonenumber's format patterns are concatenations of `(\d{m,n})` groups, so whether one applies is a
/// length check (plus its leading-digits DFA), and Python's greedy backtracking splits the groups
/// deterministically: each group takes as much as it can while leaving the later groups their minimum.
struct FormatTable: @unchecked Sendable {
    // @unchecked: the buffers are written once while loading and only read afterwards; the metadata that
    // owns them is a process-lifetime singleton, so they are never freed.

    struct Format {
        /// Start state of the prefix DFA of the last `leading_digits_pattern`; 0 when there is none.
        var leadingDigits: UInt32
        var minLength: UInt8
        var maxLength: UInt8
        var groupCount: UInt8
        var templateLength: UInt8
        /// Offset of the (min, max) pairs in `groups`.
        var groupOffset: Int32
        /// Offset in `templates`: digits 0...9 literal, -1...-9 group references.
        var templateOffset: Int32
        /// Set when the template is literal digits followed by every group in order (`0$1$2$3`, most formats):
        /// the output is then those literals and the number's digits as they are, without splitting it.
        var literalsThenGroups: Bool
        var literalCount: UInt8
    }

    /// One calling code's national and international format lists and its digits.
    struct Country {
        var national: Range<Int32> = 0..<0
        var international: Range<Int32> = 0..<0
        /// The calling code as ASCII digits, packed little-endian.
        var ascii: UInt32 = 0
        var asciiCount: UInt8 = 0
    }

    /// Collects formats while the metadata text is read.
    struct Builder {
        var formats: [Format] = []
        var groups: [UInt8] = []
        var templates: [Int8] = []
        var countries = [Country](repeating: Country(), count: 1000)

        mutating func add(
            countryCode: Int, national: Bool, leadingDigits: UInt32?, groupBounds: [(UInt8, UInt8)], template: [Int8]
        ) {
            let index = Int32(formats.count)
            let literals = template.prefix { $0 >= 0 }
            let references = template.dropFirst(literals.count)
            formats.append(
                Format(
                    leadingDigits: leadingDigits ?? 0, minLength: UInt8(groupBounds.reduce(0) { $0 + Int($1.0) }),
                    maxLength: UInt8(groupBounds.reduce(0) { $0 + Int($1.1) }), groupCount: UInt8(groupBounds.count),
                    templateLength: UInt8(template.count), groupOffset: Int32(groups.count),
                    templateOffset: Int32(templates.count),
                    literalsThenGroups: references.elementsEqual((0..<groupBounds.count).map { -Int8($0) - 1 }),
                    literalCount: UInt8(literals.count)))
            for (low, high) in groupBounds { groups += [low, high] }
            templates += template
            register(countryCode: countryCode)
            var country = countries[countryCode]
            if national {
                country.national = (country.national.isEmpty ? index : country.national.lowerBound)..<index + 1
            } else {
                country.international =
                    (country.international.isEmpty ? index : country.international.lowerBound)..<index + 1
            }
            countries[countryCode] = country
        }

        /// Records the calling code's digits, formats or not.
        mutating func register(countryCode: Int) {
            guard countries[countryCode].asciiCount == 0 else { return }
            for (i, byte) in String(countryCode).utf8.enumerated() {
                countries[countryCode].ascii |= UInt32(byte) << (8 * i)
            }
            countries[countryCode].asciiCount = UInt8(String(countryCode).utf8.count)
        }

        func build() -> FormatTable {
            FormatTable(formats: formats, groups: groups, templates: templates, countries: countries)
        }
    }

    private let formats: UnsafeMutableBufferPointer<Format>
    private let groups: UnsafeMutableBufferPointer<UInt8>
    private let templates: UnsafeMutableBufferPointer<Int8>
    private let countries: UnsafeMutableBufferPointer<Country>

    private init(formats: [Format], groups: [UInt8], templates: [Int8], countries: [Country]) {
        func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
            _ = buffer.initialize(from: array)
            return buffer
        }
        self.formats = copy(formats)
        self.groups = copy(groups)
        self.templates = copy(templates)
        self.countries = copy(countries)
    }

    /// Writes the calling code's ASCII digits; returns the byte count.
    @inline(__always)
    func writeCountryCode(_ code: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        guard code > 0, code < countries.count else { return 0 }
        let country = countries[code]
        for i in 0..<Int(country.asciiCount) { out[i] = UInt8(truncatingIfNeeded: country.ascii >> (8 * i)) }
        return Int(country.asciiCount)
    }

    /// `_format_nsn`, digits only: the first applicable format's template applied to `digits` (values 0...9),
    /// else the bare digits, as ASCII into `out`. Returns the byte count.
    func render(
        countryCode: Int, national: Bool, _ digits: UnsafeBufferPointer<UInt8>, automata: DigitAutomata,
        into out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        if countryCode > 0, countryCode < countries.count {
            let range = national ? countries[countryCode].national : countries[countryCode].international
            for index in range {
                let format = formats[Int(index)]
                guard digits.count >= Int(format.minLength), digits.count <= Int(format.maxLength) else { continue }
                if format.leadingDigits != 0, !automata.prefixMatch(start: format.leadingDigits, digits) { continue }
                return apply(format, digits, into: out)
            }
        }
        for (i, digit) in digits.enumerated() { out[i] = digit &+ 48 }
        return digits.count
    }

    private func apply(_ format: Format, _ digits: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>)
        -> Int
    {
        if format.literalsThenGroups {
            // The groups cover the digits back to back (the pattern matched them all), so in order they are
            // the digits themselves.
            let literals = Int(format.literalCount)
            let template = Int(format.templateOffset)
            for index in 0..<literals { out[index] = UInt8(bitPattern: templates[template + index]) &+ 48 }
            guard let source = digits.baseAddress else { return literals }
            let target = out + literals
            for index in 0..<digits.count { target[index] = source[index] &+ 48 }
            return literals + digits.count
        }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 10) { starts in
            var remainingMin = Int(format.minLength)
            var position = 0
            let groupCount = Int(format.groupCount)
            for group in 0..<groupCount {
                let low = Int(groups[Int(format.groupOffset) + 2 * group])
                let high = Int(groups[Int(format.groupOffset) + 2 * group + 1])
                remainingMin -= low
                starts[group] = position
                position += min(high, digits.count - position - remainingMin)
            }
            starts[groupCount] = position
            var count = 0
            let template = Int(format.templateOffset)
            for t in template..<template + Int(format.templateLength) {
                let token = templates[t]
                if token >= 0 {
                    out[count] = UInt8(token) &+ 48
                    count += 1
                    continue
                }
                let group = Int(-token) - 1
                guard group < groupCount else { continue }
                for i in starts[group]..<starts[group + 1] {
                    out[count] = digits[i] &+ 48
                    count += 1
                }
            }
            return count
        }
    }
}
