extension PhoneNumberParser {
    /// Longest input libphonenumber accepts, in Unicode scalars.
    static let maxInputLength = 250
    static let minNationalLength = 2
    static let maxNationalLength = 17

    func parseBytes(_ bytes: UnsafeBufferPointer<UInt8>, region: RegionMetadata?) -> Result<
        PhoneNumber, PhoneParseError
    > {
        if ScientificNotation.matches(bytes) { return .failure(.scientificNotation) }
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.maxInputLength + 1) { scalars in
            var count = 0
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            var anyAlphanumeric = false
            decoding: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar):
                    if count == Self.maxInputLength { return .failure(.tooLong) }
                    scalars[count] = scalar.value
                    anyAlphanumeric = anyAlphanumeric || Scalars.isAlphanumeric(scalar.value)
                    count += 1
                case .emptyInput:
                    break decoding
                case .error:
                    if count == Self.maxInputLength { return .failure(.tooLong) }
                    scalars[count] = 0xFFFD
                    count += 1
                }
            }
            if !anyAlphanumeric { return .failure(.empty) }
            let text = InputText(scalars: scalars, count: count)
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { scratch in
                parse(text, region: region, scratch: scratch)
            }
        }
    }

    private func parse(
        _ text: InputText, region: RegionMetadata?, scratch: UnsafeMutableBufferPointer<UInt8>
    ) -> Result<PhoneNumber, PhoneParseError> {
        let extracted = text.extractPossibleNumber()
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
        let digits = UnsafeBufferPointer(start: base, count: digitCount)
        let work = base + 256

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
        let metadata: RegionMetadata
        if let region, !hasCountryCode || self.metadata.mainRegion(of: countryCode)?.code == region.code {
            metadata = region
        } else {
            guard let main = self.metadata.mainRegion(of: countryCode) else { return .failure(.invalidCountryCode) }
            metadata = main
        }
        guard national.count >= Self.minNationalLength else { return .failure(.tooShort) }
        let stripped = stripNationalPrefix(national, region: metadata, out: work + 384)
        switch metadata.checkLength(stripped.count) {
        case .tooShort, .possibleLocalOnly, .invalidLength: break
        default: national = stripped
        }
        guard national.count >= Self.minNationalLength else { return .failure(.tooShort) }
        guard national.count <= Self.maxNationalLength else { return .failure(.tooLong) }
        return validate(countryCode: countryCode, national, extension: extensionRange.map { text.digits($0) })
    }

    /// `_maybe_extract_country_code`. `.success(nil)` means no calling code in the number.
    private func extractCountryCode(
        _ digits: UnsafeBufferPointer<UInt8>, hasPlus: Bool, region: RegionMetadata?, work: UnsafeMutablePointer<UInt8>
    ) -> Result<(Int, UnsafeBufferPointer<UInt8>)?, PhoneParseError> {
        guard !digits.isEmpty else { return .success(nil) }
        var international = hasPlus
        var rest = digits
        if !hasPlus, let idd = region?.internationalPrefix {
            var captures = DigitRegex.Captures()
            if let end = idd.match(digits, captures: &captures), end == digits.count || digits[end] != 0 {
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
                if metadata.country(code) != nil {
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
        var captures = DigitRegex.Captures()
        guard let end = prefix.match(number, captures: &captures) else { return number }
        let automata = metadata.automata
        let viableOriginal = region.matchesGeneralPattern(number, automata: automata)
        let lastGroup = prefix.groupCount
        if let rule = region.transformRule, lastGroup > 0, captures[2 * lastGroup - 2] >= 0 {
            var count = 0
            for token in rule {
                if token >= 0 {
                    out[count] = UInt8(token)
                    count += 1
                } else {
                    let group = Int(-token)
                    let from = Int(captures[2 * group - 2])
                    let to = Int(captures[2 * group - 1])
                    guard group <= lastGroup, from >= 0, to >= from else { continue }
                    for i in from..<to {
                        out[count] = number[i]
                        count += 1
                    }
                }
            }
            for i in end..<number.count {
                out[count] = number[i]
                count += 1
            }
            let transformed = UnsafeBufferPointer(start: out, count: count)
            if viableOriginal && !region.matchesGeneralPattern(transformed, automata: automata) { return number }
            return transformed
        }
        let rest = UnsafeBufferPointer(rebasing: number[end...])
        if viableOriginal && !region.matchesGeneralPattern(rest, automata: automata) { return number }
        return rest
    }

    /// `region_code_for_number` + `is_valid_number` + `number_type`.
    private func validate(
        countryCode: Int, _ national: UnsafeBufferPointer<UInt8>, extension: String?
    ) -> Result<PhoneNumber, PhoneParseError> {
        guard let country = metadata.country(countryCode) else { return .failure(.invalidCountryCode) }
        let automata = metadata.automata
        var chosen: RegionMetadata?
        var type = PhoneNumberType.unknown
        if country.regions.count == 1 {
            chosen = metadata.regions[country.regions[0]]
        } else {
            for index in country.regions {
                let candidate = metadata.regions[index]
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
        }
        if let chosen, type == .unknown { type = chosen.numberType(national, automata: automata) }
        guard let chosen, type != .unknown else {
            guard let main = metadata.mainRegion(of: countryCode) else { return .failure(.invalidNumber) }
            switch main.checkLength(national.count) {
            case .tooShort, .possibleLocalOnly: return .failure(.tooShort)
            case .tooLong: return .failure(.tooLong)
            default: return .failure(.invalidNumber)
            }
        }
        let nationalNumber = String(unsafeUninitializedCapacity: national.count) { buffer in
            for (i, digit) in national.enumerated() { buffer[i] = digit &+ 48 }
            return national.count
        }
        return .success(
            PhoneNumber(
                countryCode: countryCode, nationalNumber: nationalNumber, regionCode: chosen.code, type: type,
                extension: `extension`))
    }
}
