/// Why a row was not loaded: stable codes, listed in the report and the rejects CSV.
public enum RejectReason: String, Sendable, Codable, CaseIterable, Comparable {
    case missingNumber = "missing-number"
    case invalidNumber = "invalid-number"
    case wrongNumberType = "wrong-number-type"
    case duplicate
    /// An earlier run loaded the number (into the campaign, or any with `dedupe.scope: all`) within the window,
    /// or this very file loaded it before (a resume).
    case alreadyLoaded = "already-loaded"
    /// An earlier upload holding the number ended without an answer: it may be loaded. Not sent again without
    /// `--resend-uncertain`; the run ends as for an uncertain chunk (exit 69).
    case loadUncertain = "load-uncertain"
    /// A do-not-call list covering the row's campaign holds its number (`suppression:`).
    case suppressed
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
