/// The kind of line a valid number belongs to, as libphonenumber's `PhoneNumberType`.
public enum PhoneNumberType: String, Sendable, CaseIterable, Codable {
    case fixedLine = "fixed-line"
    case mobile
    case fixedLineOrMobile = "fixed-line-or-mobile"
    case tollFree = "toll-free"
    case premiumRate = "premium-rate"
    case sharedCost = "shared-cost"
    case voip
    case personalNumber = "personal-number"
    case pager
    case uan
    case voicemail
    case unknown
}
