/// Why a text is not a valid phone number.
public enum PhoneParseError: String, Error, Sendable, Equatable {
    /// Nothing but spaces and punctuation.
    case empty
    /// Spreadsheet scientific notation such as `9.83E+07`: digits were lost, so it is always invalid.
    case scientificNotation
    /// Letters or other garbage.
    case notANumber
    /// A `+` or international prefix followed by no known calling code, or an unknown default region.
    case invalidCountryCode
    /// Fewer digits than any number of the region (includes local-only lengths).
    case tooShort
    /// More digits than any number of the region.
    case tooLong
    /// A plausible length but no valid number of its region (libphonenumber's `is_valid_number` is false).
    case invalidNumber
}
