/// A do-not-call list as the run used it: the report's `suppression` entries.
public struct SuppressionReport: Codable, Sendable, Equatable {
    public var path: String
    /// `all`, or the campaign it covers.
    public var scope: String
    public var maxAgeDays: Double
    /// `ok`, `suppression-stale` or `suppression-unreadable`.
    public var status = "ok"
    /// When the file was last modified (ISO 8601), and its age then.
    public var modifiedAt: String?
    public var ageDays: Double?
    /// The SHA-256 of the list's bytes: which version of the list the run was checked against.
    public var sha256: String?
    /// Data rows read, distinct valid numbers among them, and rows that were not a valid number.
    public var entries = 0
    public var numbers = 0
    public var invalid = 0
    /// The first lines of the invalid rows.
    public var invalidLines: [Int] = []
    public var error: String?
}

extension RunReport {
    /// Records the do-not-call lists; returns a warning for each that held entries that are not valid
    /// numbers (counted, never silently skipped), for the caller to log and keep in `warnings`.
    package mutating func noteSuppression(_ lists: [SuppressionReport]?) -> [String] {
        suppression = lists
        return (lists ?? []).filter { $0.invalid > 0 }.map { list in
            let lines = list.invalidLines.map(String.init).joined(separator: ", ")
            let more = list.invalid > list.invalidLines.count ? ", …" : ""
            return "suppression list \(list.path): \(list.invalid) of \(list.entries) entries are not valid numbers "
                + "(lines \(lines)\(more))"
        }
    }
}
