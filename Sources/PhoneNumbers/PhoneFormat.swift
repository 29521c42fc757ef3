/// Output shapes of `PhoneNumber.formatted(_:)`.
public enum PhoneFormat: String, Sendable, CaseIterable, Codable {
    /// Digits of libphonenumber's NATIONAL format, national prefix and carrier tokens included ("098344484").
    case national
    /// libphonenumber's E164 format ("+59898344484").
    case e164
    /// Digits of libphonenumber's INTERNATIONAL format, without the plus ("59898344484").
    case international
}
