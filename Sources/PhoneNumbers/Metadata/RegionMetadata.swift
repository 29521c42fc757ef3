/// One region's (or non-geographic entity's) parsing and validation rules.
///
/// A class so the hot path passes one reference around instead of copying (and retaining) every field.
final class RegionMetadata: Sendable {
    /// Number descriptions in the generator's `DESCS` order; the raw value is the DFA label bit.
    enum Desc: Int, CaseIterable {
        case general, premiumRate, tollFree, sharedCost, voip, personalNumber, pager, uan, voicemail, fixedLine
        case mobile
    }

    /// Python's `ValidationResult` for possible-length checks.
    enum LengthCheck {
        case possible, possibleLocalOnly, tooShort, tooLong, invalidLength
    }

    let code: String
    /// Position in `Metadata.regions`.
    let index: Int
    let countryCode: Int
    let countryCodeDigits: [UInt8]
    let internationalPrefix: PrefixPattern?
    let nationalPrefixForParsing: PrefixPattern?
    /// `national_prefix_transform_rule`: digits 0...9 and group references as -1...-9.
    let transformRule: [Int8]?
    /// Start state of the `leading_digits` DFA of regions sharing a calling code.
    let leadingDigits: UInt32?
    /// Start state of the DFA labelling a national number with the `Desc` bits whose pattern it matches.
    let typeStart: UInt32
    /// Possible lengths per `Desc` as bit masks; `UInt32.max` when a description lists none.
    let lengthMasks: [UInt32]
    let localOnlyLengths: UInt32
    let sameMobileAndFixedLinePattern: Bool
    /// ASCII digits dialled from this region before a foreign calling code (`00` in Uruguay); empty when the
    /// region has no single international prefix.
    let dialPrefix: [UInt8]
    /// For each length below 32, the `Desc` bits whose possible lengths include it.
    let descsByLength: [UInt16]

    init(
        code: String, index: Int, countryCode: Int, internationalPrefix: PrefixPattern?,
        nationalPrefixForParsing: PrefixPattern?,
        transformRule: [Int8]?, leadingDigits: UInt32?, typeStart: UInt32, lengthMasks: [UInt32],
        localOnlyLengths: UInt32, sameMobileAndFixedLinePattern: Bool, dialPrefix: [UInt8]
    ) {
        self.code = code
        self.index = index
        self.countryCode = countryCode
        self.countryCodeDigits = String(countryCode).utf8.map { $0 - 48 }
        self.internationalPrefix = internationalPrefix
        self.nationalPrefixForParsing = nationalPrefixForParsing
        self.transformRule = transformRule
        self.leadingDigits = leadingDigits
        self.typeStart = typeStart
        self.lengthMasks = lengthMasks
        self.localOnlyLengths = localOnlyLengths
        self.sameMobileAndFixedLinePattern = sameMobileAndFixedLinePattern
        self.dialPrefix = dialPrefix
        descsByLength = (0..<32).map { length in
            var bits: UInt16 = 0
            for (desc, mask) in lengthMasks.enumerated() where mask & (UInt32(1) << UInt32(length)) != 0 {
                bits |= 1 << UInt16(desc)
            }
            return bits
        }
    }

    /// `_test_number_length` for the general description.
    func checkLength(_ length: Int) -> LengthCheck {
        guard length < 32 else { return .tooLong }
        let bit = UInt32(1) << UInt32(length)
        if localOnlyLengths & bit != 0 { return .possibleLocalOnly }
        let mask = lengthMasks[Desc.general.rawValue]
        let minimum = mask.trailingZeroBitCount
        let maximum = 31 - mask.leadingZeroBitCount
        if minimum == length { return .possible }
        if minimum > length { return .tooShort }
        if maximum < length { return .tooLong }
        return mask & bit != 0 ? .possible : .invalidLength
    }

    /// `_number_type_helper`: the type of a national significant number, `.unknown` when invalid.
    func numberType(_ digits: UnsafeBufferPointer<UInt8>, automata: DigitAutomata) -> PhoneNumberType {
        let length = digits.count
        guard length < 32 else { return .unknown }
        // Descriptions whose pattern matches and whose possible lengths include this length.
        let bits = automata.fullMatch(start: typeStart, digits) & descsByLength[length]
        func matches(_ desc: Desc) -> Bool { bits & (1 << UInt16(desc.rawValue)) != 0 }
        guard matches(.general) else { return .unknown }
        if bits & Self.specialDescs != 0 {
            if matches(.premiumRate) { return .premiumRate }
            if matches(.tollFree) { return .tollFree }
            if matches(.sharedCost) { return .sharedCost }
            if matches(.voip) { return .voip }
            if matches(.personalNumber) { return .personalNumber }
            if matches(.pager) { return .pager }
            if matches(.uan) { return .uan }
            if matches(.voicemail) { return .voicemail }
        }
        if matches(.fixedLine) {
            if sameMobileAndFixedLinePattern || matches(.mobile) { return .fixedLineOrMobile }
            return .fixedLine
        }
        if !sameMobileAndFixedLinePattern && matches(.mobile) { return .mobile }
        return .unknown
    }

    /// Premium rate through voicemail: the descriptions checked before fixed line and mobile.
    private static let specialDescs: UInt16 = 0b1_1111_1110

    /// Full match of the general description's pattern (`_match_national_number(n, general_desc, False)`).
    @inline(__always)
    func matchesGeneralPattern(_ digits: UnsafeBufferPointer<UInt8>, automata: DigitAutomata) -> Bool {
        automata.fullMatch(start: typeStart, digits) & 1 != 0
    }
}
