/// Why a row was not loaded: stable codes, listed in the report and the rejects CSV.
public enum RejectReason: String, Sendable, Codable, CaseIterable, Comparable {
    case missingNumber = "missing-number"
    case invalidNumber = "invalid-number"
    case wrongNumberType = "wrong-number-type"
    case duplicate
    case invalidPriority = "invalid-priority"
    case invalidAgentphone = "invalid-agentphone"
    case invalidTimezone = "invalid-timezone"
    case ambiguousTimezone = "ambiguous-timezone"
    case missingCampaign = "missing-campaign"
    case invalidEncoding = "invalid-encoding"
    case tooManyFields = "too-many-fields"

    public static func < (lhs: RejectReason, rhs: RejectReason) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A rejected row: where it was, why, and what it held.
struct Reject: Error {
    var line: Int
    var reason: RejectReason
    /// A short explanation (which value, what is wrong); never a secret.
    var detail: String
}
