import PhoneNumbers

extension PhoneParseError {
    /// A stable kebab-case code, as the report and `dialer-ingest phone` print it.
    public var code: String {
        switch self {
        case .empty: return "empty"
        case .scientificNotation: return "scientific-notation"
        case .notANumber: return "not-a-number"
        case .invalidCountryCode: return "invalid-country-code"
        case .tooShort: return "too-short"
        case .tooLong: return "too-long"
        case .invalidNumber: return "invalid-number"
        }
    }

    /// A short human explanation for the rejects CSV.
    var explanation: String {
        switch self {
        case .empty: return "the number is empty"
        case .scientificNotation: return "Excel scientific notation: the digits were lost"
        case .notANumber: return "not a phone number"
        case .invalidCountryCode: return "unknown country code"
        case .tooShort: return "too short"
        case .tooLong: return "too long"
        case .invalidNumber: return "not a valid number"
        }
    }
}
