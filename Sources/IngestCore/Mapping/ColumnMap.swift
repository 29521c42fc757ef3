/// Which column of a file plays which role in the dialer line, resolved once from its header.
struct ColumnMap: Sendable, Equatable {
    struct Alternative: Sendable, Equatable {
        var index: Int
        /// uContact alternative type (M, W, H, P, U), or nil for a plain alternative.
        var type: String?
    }

    struct Variable: Sendable, Equatable {
        /// The uContact key, already free of reserved characters.
        var key: String
        var index: Int
    }

    var headers: [String]
    var number: Int
    var alternatives: [Alternative] = []
    var vars: [Variable] = []
    var priority: Int?
    var agentphone: Int?
    var campaign: Int?
    var timezone: Int?

    /// A human summary of the mapping (for `init` and the report).
    var summary: [String: String] {
        var roles = ["number": headers[number]]
        if !alternatives.isEmpty {
            roles["alternatives"] = alternatives.map { headers[$0.index] }.joined(separator: ", ")
        }
        if !vars.isEmpty { roles["vars"] = vars.map(\.key).joined(separator: ", ") }
        if let priority { roles["priority"] = headers[priority] }
        if let agentphone { roles["agentphone"] = headers[agentphone] }
        if let campaign { roles["campaign"] = headers[campaign] }
        if let timezone { roles["timezone"] = headers[timezone] }
        return roles
    }
}
