/// One region's (or non-geographic entity's) parsing and validation rules.
struct RegionMetadata: Sendable {
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
    let countryCode: Int
    let countryCodeDigits: [UInt8]
    let internationalPrefix: DigitRegex?
    let nationalPrefixForParsing: DigitRegex?
    /// `national_prefix_transform_rule`: digits 0...9 and group references as -1...-9.
    let transformRule: [Int8]?
    /// Start state of the `leading_digits` DFA of regions sharing a calling code.
    let leadingDigits: UInt32?
    /// Start state of the DFA labelling a national number with the `Desc` bits whose pattern it matches.
    let typeStart: UInt32
    /// Possible lengths per `Desc` as bit masks; `UInt32.max` when a description lists none.
    let lengthMasks: [UInt32]
    /// Bit per `Desc` that exists in the metadata.
    let presentDescs: UInt16
    let localOnlyLengths: UInt32
    let sameMobileAndFixedLinePattern: Bool

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
        let bits = automata.fullMatch(start: typeStart, digits)
        let lengthBit = UInt32(1) << UInt32(length)
        func matches(_ desc: Desc) -> Bool {
            bits & (1 << UInt16(desc.rawValue)) != 0 && lengthMasks[desc.rawValue] & lengthBit != 0
        }
        guard matches(.general) else { return .unknown }
        if matches(.premiumRate) { return .premiumRate }
        if matches(.tollFree) { return .tollFree }
        if matches(.sharedCost) { return .sharedCost }
        if matches(.voip) { return .voip }
        if matches(.personalNumber) { return .personalNumber }
        if matches(.pager) { return .pager }
        if matches(.uan) { return .uan }
        if matches(.voicemail) { return .voicemail }
        if matches(.fixedLine) {
            if sameMobileAndFixedLinePattern || matches(.mobile) { return .fixedLineOrMobile }
            return .fixedLine
        }
        if !sameMobileAndFixedLinePattern && matches(.mobile) { return .mobile }
        return .unknown
    }

    /// Full match of the general description's pattern (`_match_national_number(n, general_desc, False)`).
    @inline(__always)
    func matchesGeneralPattern(_ digits: UnsafeBufferPointer<UInt8>, automata: DigitAutomata) -> Bool {
        automata.fullMatch(start: typeStart, digits) & 1 != 0
    }
}
