import Foundation
import PhoneNumbers

/// The run's do-not-call lists (`suppression:`), read once at its start: which lists cover a campaign, whether a
/// number is on one, and which campaigns a stale or unreadable list stops.
package final class Suppression: Sendable {
    package let lists: [SuppressionListState]

    init(lists: [SuppressionListState]) {
        self.lists = lists
    }

    /// Reads `config.suppression`'s lists (ages first: a stale list is not read); nil when there are none.
    /// - Parameter now: seconds since 1970.
    package static func load(
        config: IngestConfig, phone: PhoneNumberParser, now: Double = Date().timeIntervalSince1970
    ) -> Suppression? {
        guard !config.suppression.isEmpty else { return nil }
        return Suppression(
            lists: config.suppression.map { SuppressionListState.load($0, config: config, phone: phone, now: now) })
    }

    package var reports: [SuppressionReport] { lists.map(\.report) }

    /// The usable lists that cover `campaign`, by index.
    func lists(covering campaign: String) -> [Int] {
        lists.indices.filter { lists[$0].numbers != nil && (lists[$0].list.campaign ?? campaign) == campaign }
    }

    /// The first of `candidates` that holds `key`.
    func list(holding key: UInt64, among candidates: [Int]) -> Int? {
        candidates.first { lists[$0].numbers?.contains(key) == true }
    }

    /// A `suppressed` reject's detail.
    func detail(_ list: Int) -> String {
        "on the suppression list \(lists[list].list.path)"
    }

    /// The problem of a list that covers every campaign: any file fails before it is read.
    var problemEverywhere: IngestError? {
        lists.first { $0.problem != nil && $0.list.campaign == nil }?.problem
    }

    /// The problem of the first list that cannot be used and covers one of `campaigns`.
    func problem(covering campaigns: some Sequence<String>) -> IngestError? {
        let covered = Set(campaigns)
        return lists.first { state in
            state.problem != nil && (state.list.campaign.map { covered.contains($0) } ?? !covered.isEmpty)
        }?.problem
    }
}
