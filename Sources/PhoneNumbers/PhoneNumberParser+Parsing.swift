extension PhoneNumberParser {
    /// Longest input libphonenumber accepts, in Unicode scalars.
    static let maxInputLength = 250
    static let minNationalLength = 2
    static let maxNationalLength = 17

    func parseBytes(_ bytes: UnsafeBufferPointer<UInt8>, region: RegionMetadata?) -> Result<
        PhoneNumber, PhoneParseError
    > {
        // One table load per byte, the classes OR-ed together: no branch per byte.
        let classes = ByteClass.table
        var seen: UInt8 = 0
        for byte in bytes { seen |= classes[Int(byte)] }
        if seen & ByteClass.nonASCII != 0 { return parseUnicode(bytes, region: region) }
        let anyAlphanumeric = seen & (ByteClass.digit | ByteClass.otherAlphanumeric) != 0
        let semicolon = seen & ByteClass.semicolon != 0
        let simple = seen & ~(ByteClass.digit | ByteClass.separator) == 0
        // Scientific notation needs an `e`, so the simple shape (digits and separators) never is.
        if !simple && ScientificNotation.matches(bytes) { return .failure(.scientificNotation) }
        if !anyAlphanumeric { return .failure(.empty) }
        if bytes.count > Self.maxInputLength { return .failure(.tooLong) }
        if simple { return parseSimple(bytes, region: region) }
        // Other ASCII: the bytes are the scalars, read in place.
        let text = InputText(units: bytes)
        if semicolon, text.hasPhoneContext { return parsePhoneContext(text, region: region) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.scratchSize) { scratch in
            parse(text, text.nationalNumberForParsing(), region: region, scratch: scratch)
        }
    }

    /// The common shape: ASCII digits, `+` and the separators ` -.()/[]`, nothing else. For these the text
    /// steps collapse: no letters (so no alpha digits, extension or second number), and trailing
    /// separators are the only unwanted end characters.
    private func parseSimple(_ bytes: UnsafeBufferPointer<UInt8>, region: RegionMetadata?) -> Result<
        PhoneNumber, PhoneParseError
    > {
        var start = 0
        while start < bytes.count, bytes[start] &- 0x30 >= 10, bytes[start] != 0x2B { start += 1 }
        var end = bytes.count
        while end > start, bytes[end - 1] &- 0x30 >= 10 { end -= 1 }
        let length = end - start
        guard length >= 2 else { return .failure(.notANumber) }
        var i = start
        while i < end, bytes[i] == 0x2B { i += 1 }
        let hasPlus = i > start
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.scratchSize) { scratch in
            guard let base = scratch.baseAddress else { return .failure(.notANumber) }
            var count = 0
            while i < end {
                let byte = bytes[i]
                if byte &- 0x30 < 10 {
                    base[count] = byte &- 0x30
                    count += 1
                } else if byte == 0x2B {
                    return .failure(.notANumber)
                }
                i += 1
            }
            // `_VALID_PHONE_NUMBER_PATTERN`: exactly two digits, or at least three after any plus signs.
            guard count >= 3 || (length == 2 && count == 2) else { return .failure(.notANumber) }
            if region == nil && !hasPlus { return .failure(.invalidCountryCode) }
            return parseDigits(
                UnsafeBufferPointer(start: base, count: count), hasPlus: hasPlus, extension: PackedDigits(),
                region: region,
                work: base + 256)
        }
    }

    /// What `parseBytes` needs to know of each byte, as bits.
    enum ByteClass {
        static let digit: UInt8 = 1
        /// ` -.()/[]+`: what the simple shape may hold besides digits.
        static let separator: UInt8 = 2
        static let semicolon: UInt8 = 4
        static let otherAlphanumeric: UInt8 = 8
        static let otherASCII: UInt8 = 16
        static let nonASCII: UInt8 = 32

        /// The class of every byte; built once, never freed.
        nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
            let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
            for byte in 0..<256 {
                table[byte] =
                    switch byte {
                    case 0x30...0x39: digit
                    case 0x20, 0x2D, 0x2E, 0x28, 0x29, 0x2F, 0x5B, 0x5D, 0x2B: separator
                    case 0x3B: semicolon
                    case 0x80...: nonASCII
                    default: Scalars.isAlphanumeric(UInt32(byte)) ? otherAlphanumeric : otherASCII
                    }
            }
            return UnsafePointer(table)
        }()
    }

    /// Scratch bytes: normalized digits, then work areas for country-code and national-prefix stripping.
    static let scratchSize = 1024

    private func parseUnicode(_ bytes: UnsafeBufferPointer<UInt8>, region: RegionMetadata?) -> Result<
        PhoneNumber, PhoneParseError
    > {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.maxInputLength) { scalars in
            var count = 0
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            var anyAlphanumeric = false
            var tooLong = false
            decoding: while true {
                var value: UInt32
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar): value = scalar.value
                case .emptyInput: break decoding
                case .error: value = 0xFFFD
                }
                anyAlphanumeric = anyAlphanumeric || Scalars.isAlphanumeric(value)
                if count == Self.maxInputLength {
                    tooLong = true
                } else {
                    scalars[count] = value
                    count += 1
                }
            }
            if !anyAlphanumeric { return .failure(.empty) }
            if tooLong { return .failure(.tooLong) }
            let text = InputText(units: UnsafeBufferPointer(rebasing: scalars[..<count]))
            if text.hasPhoneContext { return parsePhoneContext(text, region: region) }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.scratchSize) { scratch in
                parse(text, text.nationalNumberForParsing(), region: region, scratch: scratch)
            }
        }
    }

    /// The rare RFC 3966 path: parse the rearranged text.
    private func parsePhoneContext<Unit>(_ text: InputText<Unit>, region: RegionMetadata?) -> Result<
        PhoneNumber, PhoneParseError
    > {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: text.count) { spare in
            guard let length = text.rearrangedForPhoneContext(spare: spare) else { return .failure(.notANumber) }
            let composed = InputText(units: UnsafeBufferPointer(rebasing: spare[..<length]))
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.scratchSize) { scratch in
                parse(composed, 0..<length, region: region, scratch: scratch)
            }
        }
    }

    private func parse<Unit>(
        _ text: InputText<Unit>, _ extracted: Range<Int>, region: RegionMetadata?,
        scratch: UnsafeMutableBufferPointer<UInt8>
    ) -> Result<PhoneNumber, PhoneParseError> {
        guard text.isViable(extracted) else { return .failure(.notANumber) }
        var start = extracted.lowerBound
        var hasPlus = false
        while start < extracted.upperBound, Scalars.isPlus(text[start]) {
            start += 1
            hasPlus = true
        }
        if region == nil && !hasPlus { return .failure(.invalidCountryCode) }
        let (number, extensionRange) = text.stripExtension(extracted)
        guard let base = scratch.baseAddress else { return .failure(.notANumber) }
        let digitCount = text.normalize(max(start, number.lowerBound)..<max(start, number.upperBound), into: base)
        return parseDigits(
            UnsafeBufferPointer(start: base, count: digitCount), hasPlus: hasPlus,
            extension: extensionRange.map { text.packedDigits($0) } ?? PackedDigits(), region: region,
            work: base + 256)
    }

    /// `parse` from `_maybe_extract_country_code` on, over normalized digit values.
    private func parseDigits(
        _ digits: UnsafeBufferPointer<UInt8>, hasPlus: Bool, extension: PackedDigits, region: RegionMetadata?,
        work: UnsafeMutablePointer<UInt8>
    ) -> Result<PhoneNumber, PhoneParseError> {
        var countryCode = 0
        var national = digits
        var hasCountryCode = true
        switch extractCountryCode(digits, hasPlus: hasPlus, region: region, work: work) {
        case .failure(let error):
            guard error == .invalidCountryCode, hasPlus else { return .failure(error) }
            // Python retries without the plus sign, e.g. "+00598..." read with the IDD.
            switch extractCountryCode(digits, hasPlus: false, region: region, work: work) {
            case .failure(let error): return .failure(error)
            case .success(nil): return .failure(.invalidCountryCode)
            case .success(let found?): (countryCode, national) = found
            }
        case .success(let found?):
            (countryCode, national) = found
        case .success(nil):
            guard let region else { return .failure(.invalidCountryCode) }
            countryCode = region.countryCode
            hasCountryCode = false
        }

        // The default region's rules apply unless the number named another calling code.
        let rules: Unmanaged<RegionMetadata>
        if let region, !hasCountryCode || self.metadata.mainRegionIndex(of: countryCode) == region.index {
            rules = .passUnretained(region)
        } else {
            let main = self.metadata.mainRegionIndex(of: countryCode)
            guard main >= 0 else { return .failure(.invalidCountryCode) }
            rules = self.metadata.regionHandle(main)
        }
        guard national.count >= Self.minNationalLength else { return .failure(.tooShort) }
        rules._withUnsafeGuaranteedRef { metadata in
            let stripped = stripNationalPrefix(national, region: metadata, out: work + 384)
            switch metadata.checkLength(stripped.count) {
            case .tooShort, .possibleLocalOnly, .invalidLength: break
            default: national = stripped
            }
        }
        guard national.count >= Self.minNationalLength else { return .failure(.tooShort) }
        guard national.count <= Self.maxNationalLength else { return .failure(.tooLong) }
        return validate(countryCode: countryCode, national, extension: `extension`)
    }

    /// `_maybe_extract_country_code`. `.success(nil)` means no calling code in the number.
    private func extractCountryCode(
        _ digits: UnsafeBufferPointer<UInt8>, hasPlus: Bool, region: RegionMetadata?, work: UnsafeMutablePointer<UInt8>
    ) -> Result<(Int, UnsafeBufferPointer<UInt8>)?, PhoneParseError> {
        guard !digits.isEmpty else { return .success(nil) }
        var international = hasPlus
        var rest = digits
        if !hasPlus, let idd = region?.internationalPrefix {
            if let end = idd.matchEnd(digits, automata: metadata.automata), end == digits.count || digits[end] != 0 {
                international = true
                rest = UnsafeBufferPointer(rebasing: digits[end...])
            }
        }
        if international {
            guard rest.count > Self.minNationalLength else { return .failure(.tooShort) }
            guard rest[0] != 0 else { return .failure(.invalidCountryCode) }
            var code = 0
            for length in 1...min(3, rest.count) {
                code = code * 10 + Int(rest[length - 1])
                if metadata.regionCount(of: code) > 0 {
                    return .success((code, UnsafeBufferPointer(rebasing: rest[length...])))
                }
            }
            return .failure(.invalidCountryCode)
        }
        guard let region else { return .success(nil) }
        let ccDigits = region.countryCodeDigits
        guard digits.count >= ccDigits.count, digits.starts(with: ccDigits) else { return .success(nil) }
        let potential = stripNationalPrefix(
            UnsafeBufferPointer(rebasing: digits[ccDigits.count...]), region: region, out: work)
        let automata = metadata.automata
        if (!region.matchesGeneralPattern(digits, automata: automata)
            && region.matchesGeneralPattern(potential, automata: automata))
            || region.checkLength(digits.count) == .tooLong
        {
            return .success((region.countryCode, potential))
        }
        return .success(nil)
    }

    /// `_maybe_strip_national_prefix_carrier_code`; returns `number` itself when nothing is stripped.
    func stripNationalPrefix(
        _ number: UnsafeBufferPointer<UInt8>, region: RegionMetadata, out: UnsafeMutablePointer<UInt8>
    ) -> UnsafeBufferPointer<UInt8> {
        guard !number.isEmpty, let prefix = region.nationalPrefixForParsing else { return number }
        let automata = metadata.automata
        if case .regex(let regex) = prefix, let rule = region.transformRule {
            var captures = DigitRegex.Captures()
            guard let end = regex.match(number, captures: &captures) else { return number }
            let viableOriginal = region.matchesGeneralPattern(number, automata: automata)
            let lastGroup = regex.groupCount
            if lastGroup > 0, captures[2 * lastGroup - 2] >= 0 {
                let transformed = transform(
                    number, end: end, rule: rule, captures: captures, groups: lastGroup, out: out)
                if viableOriginal && !region.matchesGeneralPattern(transformed, automata: automata) { return number }
                return transformed
            }
            let rest = UnsafeBufferPointer(rebasing: number[end...])
            if viableOriginal && !region.matchesGeneralPattern(rest, automata: automata) { return number }
            return rest
        }
        guard let end = prefix.matchEnd(number, automata: automata) else { return number }
        let viableOriginal = region.matchesGeneralPattern(number, automata: automata)
        let rest = UnsafeBufferPointer(rebasing: number[end...])
        if viableOriginal && !region.matchesGeneralPattern(rest, automata: automata) { return number }
        return rest
    }

    /// `re.sub(national_prefix_for_parsing, transform_rule, number, count=1)` after a match ending at `end`.
    private func transform(
        _ number: UnsafeBufferPointer<UInt8>, end: Int, rule: [Int8], captures: DigitRegex.Captures, groups: Int,
        out: UnsafeMutablePointer<UInt8>
    ) -> UnsafeBufferPointer<UInt8> {
        var count = 0
        for token in rule {
            if token >= 0 {
                out[count] = UInt8(token)
                count += 1
                continue
            }
            let group = Int(-token)
            guard group <= groups else { continue }
            let from = Int(captures[2 * group - 2])
            let to = Int(captures[2 * group - 1])
            guard from >= 0, to >= from else { continue }
            for i in from..<to {
                out[count] = number[i]
                count += 1
            }
        }
        for i in end..<number.count {
            out[count] = number[i]
            count += 1
        }
        return UnsafeBufferPointer(start: out, count: count)
    }

    /// `region_code_for_number` + `is_valid_number` + `number_type`.
    private func validate(
        countryCode: Int, _ national: UnsafeBufferPointer<UInt8>, extension: PackedDigits
    ) -> Result<PhoneNumber, PhoneParseError> {
        let regionCount = metadata.regionCount(of: countryCode)
        guard regionCount > 0 else { return .failure(.invalidCountryCode) }
        let automata = metadata.automata
        let main = metadata.regionHandle(metadata.mainRegionIndex(of: countryCode))
        /// Why a number no region of the calling code takes is invalid, by its main region's lengths.
        func invalid() -> Result<PhoneNumber, PhoneParseError> {
            switch main._withUnsafeGuaranteedRef({ $0.checkLength(national.count) }) {
            case .tooShort, .possibleLocalOnly: .failure(.tooShort)
            case .tooLong: .failure(.tooLong)
            default: .failure(.invalidNumber)
            }
        }
        if regionCount == 1 {
            // The common case, without touching a reference: the calling code's one region.
            let (index, type) = main._withUnsafeGuaranteedRef {
                ($0.index, $0.numberType(national, automata: automata))
            }
            guard type != .unknown else { return invalid() }
            return .success(
                PhoneNumber(
                    countryCode: countryCode, national: national, regionIndex: index, type: type,
                    extension: `extension`))
        }
        guard let country = metadata.country(countryCode) else { return .failure(.invalidCountryCode) }
        var chosen: RegionMetadata?
        var type = PhoneNumberType.unknown
        for candidate in country.regions {
            if let leading = candidate.leadingDigits {
                if automata.prefixMatch(start: leading, national) {
                    chosen = candidate
                    break
                }
            } else {
                let candidateType = candidate.numberType(national, automata: automata)
                if candidateType != .unknown {
                    chosen = candidate
                    type = candidateType
                    break
                }
            }
        }
        if let chosen, type == .unknown { type = chosen.numberType(national, automata: automata) }
        guard let chosen, type != .unknown else { return invalid() }
        return .success(
            PhoneNumber(
                countryCode: countryCode, national: national, regionIndex: chosen.index, type: type,
                extension: `extension`))
    }
}
