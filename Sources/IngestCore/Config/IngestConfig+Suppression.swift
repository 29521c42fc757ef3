import Yams

extension IngestConfig {
    /// `suppression:`, a list of `{path, scope, max_age_days, column}`.
    static func readSuppression(_ node: Node, file: String) throws -> [SuppressionList] {
        guard case .sequence(let items) = node else {
            throw YAMLSection.error("'suppression' must be a list of {path, scope, max_age_days}", node, file)
        }
        return try items.map { item in
            let entry = try YAMLSection(item, path: "suppression[]", file: file)
            try entry.requireKnownKeys(["path", "scope", "max_age_days", "column"])
            guard let path = try entry.string("path"), !path.isEmpty else {
                throw YAMLSection.error("each suppression list needs a 'path'", item, file)
            }
            // Without a scope a list covers every campaign: the side that calls nobody it should not.
            let scope = try entry.string("scope") ?? "all"
            guard !scope.isEmpty else {
                throw YAMLSection.error("'suppression[].scope' must be 'all' or a campaign name", item, file)
            }
            // Required: a list nobody says how fresh it must be is exactly the list that goes stale.
            guard let days = try entry.double("max_age_days") else {
                throw YAMLSection.error(
                    "each suppression list needs 'max_age_days' (how old it may be, e.g. 31)", item, file)
            }
            guard days > 0 && days <= 3660 else {
                throw entry.error("'suppression[].max_age_days' must be between 0 and 3660", at: "max_age_days")
            }
            return SuppressionList(
                path: path, campaign: scope == "all" ? nil : scope, maxAgeDays: days, column: try entry.string("column")
            )
        }
    }
}
