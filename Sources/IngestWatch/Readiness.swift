import DialerIngest
import Foundation
import IngestCore
import IngestDelivery

/// What a scan saw of one regular file in the inbox.
public struct InboxEntry: Sendable, Equatable {
    public var name: String
    public var size: Int64
    /// Modification time, seconds since 1970 (with the nanoseconds).
    public var modified: Double

    public init(name: String, size: Int64, modified: Double) {
        self.name = name
        self.size = size
        self.modified = modified
    }
}

/// Decides, scan after scan, which files are complete: a pure state machine (told what a scan saw and
/// when, it answers which files are ready), so it is tested without files or clocks.
public struct Readiness: Sendable {
    let mode: IngestConfig.Watch.Readiness
    let minAge: Double
    let stableFor: Double
    /// Per name: the size and mtime last seen, and since when they have held still.
    private var held: [String: (size: Int64, modified: Double, since: Double)] = [:]

    public init(mode: IngestConfig.Watch.Readiness, minAge: Double, stableFor: Double) {
        self.mode = mode
        self.minAge = minAge
        self.stableFor = stableFor
    }

    /// Records a scan taken at `now` (seconds since 1970) and returns the ready files, oldest first.
    /// - Parameter markers: every name present in the inbox, for marker mode.
    public mutating func observe(_ entries: [InboxEntry], names: Set<String>, now: Double) -> [InboxEntry] {
        var next: [String: (size: Int64, modified: Double, since: Double)] = [:]
        var ready: [InboxEntry] = []
        for entry in entries where !InboxName.isIgnored(entry.name) {
            var since = now
            if let before = held[entry.name], before.size == entry.size, before.modified == entry.modified {
                since = before.since
            }
            next[entry.name] = (entry.size, entry.modified, since)
            switch mode {
            case .marker:
                if InboxName.markers(of: entry.name).contains(where: names.contains) { ready.append(entry) }
            case .stable:
                // Held still across two scans `stableFor` apart, and old enough.
                let heldStill = since < now && now - since >= stableFor
                if heldStill && now - entry.modified >= minAge { ready.append(entry) }
            }
        }
        held = next
        return ready.sorted { ($0.modified, $0.name) < ($1.modified, $1.name) }
    }

    /// True while some file was seen but is not ready yet (another scan soon may find it ready).
    public var waiting: Bool { !held.isEmpty }

    /// Forgets a file (claimed, or gone).
    public mutating func forget(_ name: String) {
        held[name] = nil
    }
}
