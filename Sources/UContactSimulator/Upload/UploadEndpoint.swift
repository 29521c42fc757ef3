/// The two Integra calls that load a dialer base.
public enum UploadEndpoint: String, Sendable, Codable, CaseIterable {
    /// `Dialers/uploadbase`
    case uploadBase = "uploadbase"
    /// `Dialers/uploadbasewithtimezone`, which also takes `timezone`
    case uploadBaseWithTimezone = "uploadbasewithtimezone"

    /// Form fields the endpoint requires.
    var requiredFields: [String] {
        switch self {
        case .uploadBase: ["filename", "fileb64", "campaign", "cant", "username"]
        case .uploadBaseWithTimezone: ["filename", "fileb64", "campaign", "cant", "username", "timezone"]
        }
    }
}
