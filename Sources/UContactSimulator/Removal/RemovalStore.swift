import Synchronization

/// A number taken out of a campaign's dialer base through `Dialers/RemoveContact`.
public struct RecordedRemoval: Sendable, Equatable, Codable {
    /// Acceptance order, from 1.
    public var seq: Int
    /// The `campaign` form field.
    public var campaign: String
    /// The `number` form field, as sent.
    public var number: String
    /// True for a campaign the server does not have: answered `1` all the same, as uContact answers.
    public var discarded: Bool

    public init(seq: Int, campaign: String, number: String, discarded: Bool) {
        self.seq = seq
        self.campaign = campaign
        self.number = number
        self.discarded = discarded
    }
}

/// The removals a simulator accepted, in memory (`GET /_sim/removals`), oldest first. Removing a number twice
/// is recorded twice: the call is safe to repeat, and a test can see that it was.
public final class RemovalStore: Sendable {
    private let removals = Mutex<[RecordedRemoval]>([])

    init() {}

    /// Every accepted removal, oldest first.
    public var all: [RecordedRemoval] { removals.withLock { $0 } }

    func record(campaign: String, number: String, discarded: Bool) -> RecordedRemoval {
        removals.withLock { removals in
            let removal = RecordedRemoval(
                seq: removals.count + 1, campaign: campaign, number: number, discarded: discarded)
            removals.append(removal)
            return removal
        }
    }
}
