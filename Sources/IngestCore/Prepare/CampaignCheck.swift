import Foundation

/// What `Supervisor/campaignstatus` said: the campaigns the server has, or why it did not say.
package enum CampaignListing: Sendable, Equatable {
    case campaigns(Set<String>)
    case unavailable(String)

    /// The vendor's answer is a JSON object keyed by name; a campaign's value has a `campaign` string, an
    /// agent's (listed when one campaign is asked for) a `queue` string instead, and is not a campaign.
    /// An answer with no campaign in it (`{}`, `{"error": …}`: a user without supervisor rights, a proxy's
    /// page) says nothing about the server's campaigns, so it is `unavailable`, not "none": under
    /// `check_campaigns: auto` that is a warning, not every file failed.
    package static func parse(_ data: Data) -> CampaignListing {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return .unavailable("the answer is not a JSON object")
        }
        var names = Set<String>()
        for value in object.values {
            guard let fields = value as? [String: Any], fields["queue"] == nil,
                let name = fields["campaign"] as? String
            else { continue }
            names.insert(name)
        }
        guard !names.isEmpty else { return .unavailable("the answer lists no campaigns") }
        return .campaigns(names)
    }
}

/// Checks a file's campaigns against the server's before anything of it is sent: uContact answers `1` to
/// an upload into a campaign it does not have and drops the base, so a misspelt name would vanish.
package struct CampaignCheck: Sendable {
    let known: Set<String>

    package init(known: Set<String>) {
        self.known = known
    }

    /// Why the server would drop rows for these campaigns, or nil when it has every one of them.
    func problem(with campaigns: some Sequence<String>) -> String? {
        let unknown = Set(campaigns).subtracting(known).sorted()
        guard !unknown.isEmpty else { return nil }
        let described = unknown.map { campaign in
            let name = "'\(Terminal.escaped(campaign))'"
            guard let closest = Self.closest(to: campaign, in: known) else { return name }
            return "\(name) (did you mean '\(Terminal.escaped(closest))'?)"
        }
        let noun = unknown.count == 1 ? "campaign" : "campaigns"
        var message = "the server has no \(noun) \(described.joined(separator: ", ")); nothing of this file was sent"
        if unknown.allSatisfy({ Self.closest(to: $0, in: known) == nil }) { message += "; " + listing }
        return message
    }

    /// A few of the server's campaigns, for a name with no close match.
    private var listing: String {
        guard !known.isEmpty else { return "the server lists no campaigns at all" }
        let shown = known.sorted().prefix(8).map { "'\(Terminal.escaped($0))'" }.joined(separator: ", ")
        return "it has \(shown)" + (known.count > 8 ? " and \(known.count - 8) more" : "")
    }

    /// The known name nearest to `name`: the same up to case, else the fewest edits (insert, delete, replace
    /// a character; case-folded) if that is at most a third of the name's length, at least two. Ties go to
    /// the alphabetically first, so the suggestion is the same on every run.
    static func closest(to name: String, in known: Set<String>) -> String? {
        let folded = Array(name.lowercased())
        let limit = max(2, folded.count / 3)
        var best: (distance: Int, name: String)?
        for candidate in known.sorted() {
            let distance = editDistance(folded, Array(candidate.lowercased()))
            if distance <= limit, distance < (best?.distance ?? .max) { best = (distance, candidate) }
        }
        return best?.name
    }

    /// Levenshtein distance, two rows at a time.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let replace = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(replace, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
