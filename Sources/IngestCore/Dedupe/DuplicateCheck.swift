import Foundation

/// The same number twice in one campaign in one run: the later rows are duplicates, the first is kept.
///
/// While the run's unique numbers fit `budget`, they are held in memory (`Deduper`) and each row is decided
/// at once. Past the budget the run switches to deferred mode for good: the keys go to `KeyPartitions` on
/// disk, every later accepted row gets an ordinal (its line is spooled as usual, tagged with it) and its raw
/// text goes to a `RawSpool`; at the end of each file, before the gate, `resolveFile` finds the later copies
/// partition by partition and hands them back. Memory stays flat whatever the size of the input.
///
/// The check only gives verdicts: `admit` per row, `resolveFile` per file (the rows found late, with their
/// text, and the ordinals whose spooled lines must go); the caller writes the rejects. A file's numbers are
/// pending until it passes the gate (`commit`); a failed file's are forgotten (`discard`), so they cannot
/// make a later file's rows look like duplicates. Only the preparing thread uses it.
package final class DuplicateCheck {
    /// Partition files in deferred mode, and the bytes each buffers.
    static let partitionCount = 64
    static let partitionBuffer = 16 << 10

    private let budget: Int
    private let directory: String
    private var memory = Deduper()
    private var keysInMemory = 0
    private var partitions: KeyPartitions?
    private var campaignIDs: [String: UInt32] = [:]
    private var campaigns: [String] = []
    /// The campaign of the previous row: what `prefetch` looks ahead in.
    private var lastCampaign: UInt32 = 0
    /// Deferred mode: pairs seen so far; a row it has not seen is surely kept.
    private var seen: SeenFilter?
    /// The current file's deferred rows.
    private var ordinals = 0
    private var raw: RawSpool?
    /// Set when a failed file's keys could not be removed: the rest of the run cannot be checked.
    private var broken: IngestError?

    /// - Parameters:
    ///   - budget: unique numbers held in memory before the run switches to deferred mode (≥ 1).
    ///   - directory: a folder of its own for the spill files, created on the switch; `remove` deletes it.
    package init(budget: Int, directory: String) {
        self.budget = max(1, budget)
        self.directory = directory
    }

    /// True once the run keeps its keys on disk.
    var isDeferred: Bool { partitions != nil }

    /// Admits an accepted row: `.duplicate` when that is already known, else `.kept` with the ordinal to tag its
    /// line with when the decision waits for `resolveFile` (nil when the row is decided and kept). Only then
    /// is `text` called, to hand over the row's record (kept for its reject, should it be a duplicate).
    /// - Parameter campaign: the campaign's number, from `campaignNumber(_:)`.
    func admit(
        _ key: UInt64, campaign: UInt32,
        text: (_ keep: (RecordFields) throws(IngestError) -> Void) throws(IngestError) -> Void
    ) throws(IngestError) -> Admission {
        if let broken { throw broken }
        lastCampaign = campaign
        if partitions == nil {
            if keysInMemory < budget {
                guard memory.insert(key, campaign: campaign) else { return .duplicate }
                keysInMemory += 1
                return .kept(ordinal: nil)
            }
            try switchToDisk()
        }
        guard partitions != nil else { return .kept(ordinal: nil) }
        // A pair the filter has surely not seen is kept at once; its key still goes to disk, for the rows after.
        guard seen?.insert(key, campaign: campaign) ?? true else {
            try partitions?.append(key: key, campaign: campaign, ordinal: KeyPartitions.decided)
            return .kept(ordinal: nil)
        }
        let ordinal = ordinals
        guard UInt64(ordinal) < KeyPartitions.decided else {
            throw IngestError(.outputFailed, "too many rows in one file for the duplicate check")
        }
        try partitions?.append(key: key, campaign: campaign, ordinal: UInt64(ordinal))
        if raw == nil { raw = try RawSpool(path: directory + "/raw.bin") }
        let raw = raw
        try text { (record) throws(IngestError) in
            try raw?.append(line: record.line, campaign: campaign, record: record)
        }
        ordinals += 1
        return .kept(ordinal: ordinal)
    }

    /// Starts loading where the `admit` of `key` a few rows on will look: the in-memory table's slot or the
    /// filter's block, in the campaign of the previous row (most files load one). That lookup is a cache
    /// miss nearly every time; started ahead, it overlaps the rows in between. (Loading a whole batch's
    /// slots at once did not last: the normalisers sharing the core evicted them before their rows came.)
    func prefetch(_ key: UInt64) {
        if partitions == nil {
            memory.prefetch(key, campaign: lastCampaign)
        } else {
            seen?.prefetch(key, campaign: lastCampaign)
        }
    }

    enum Admission: Equatable {
        case duplicate
        /// `ordinal` is nil when the row is surely not a duplicate.
        case kept(ordinal: Int?)
    }

    /// Moves the keys held in memory to disk: the committed ones as earlier entries, this file's after them.
    private func switchToDisk() throws(IngestError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw IngestError(
                .outputFailed, "cannot create the duplicate check's folder", file: directory, cause: error)
        }
        var partitions = try KeyPartitions(
            directory: directory, count: Self.partitionCount, bufferSize: Self.partitionBuffer)
        let seen = SeenFilter()
        for pendingPass in [false, true] {
            try memory.forEach { (campaign, key, pending) throws(IngestError) in
                guard pending == pendingPass else { return }
                _ = seen.insert(key, campaign: campaign)
                try partitions.append(key: key, campaign: campaign, ordinal: KeyPartitions.decided)
            }
            if !pendingPass { try partitions.commit() }
        }
        memory = Deduper()
        keysInMemory = 0
        self.seen = consume seen
        self.partitions = partitions
    }

    /// The number `admit` knows `campaign` by, the same for the whole run: the caller looks it up once per
    /// route (`RouteTable`), so a row passes an integer.
    func campaignNumber(_ campaign: String) throws(IngestError) -> UInt32 {
        if let known = campaignIDs[campaign] { return known }
        guard campaigns.count < KeyPartitions.maxCampaigns else {
            throw IngestError(.outputFailed, "too many campaigns in one run for the duplicate check")
        }
        let id = UInt32(campaigns.count)
        campaignIDs[campaign] = id
        campaigns.append(campaign)
        return id
    }

    /// Decides the current file's deferred rows: `duplicate(record, campaign)` is called for each one whose
    /// number is already in its campaign (an earlier file, or an earlier row of this file), in line order.
    /// Returns their ordinals: the lines tagged with them must leave the spool.
    func resolveFile(
        path: String, duplicate: (RecordFields, String) throws(IngestError) -> Void
    ) throws(IngestError) -> DuplicateBitmap {
        guard let partitions, ordinals > 0 else { return DuplicateBitmap(count: 0) }
        // Every row admitted with an ordinal must have given its text: a duplicate is never rejected blind.
        guard let raw, raw.count == ordinals else {
            throw IngestError(.outputFailed, "the duplicate check is missing the text of a deferred row", file: path)
        }
        // The partitions are independent: two threads take half of them each (the other stages are idle now).
        let halves = [0, 1].map { half in Array(stride(from: half, to: partitions.count, by: 2)) }
        let results = Self.resolve(halves, of: partitions, ordinals: ordinals, perPass: max(1, budget / 4))
        var found = DuplicateBitmap(count: ordinals)
        for result in results { found.formUnion(try result.get()) }
        if found.setCount > 0 {
            let names = campaigns
            try raw.forEach(where: { found[$0] }) { (campaign, record) throws(IngestError) in
                try record.withFields { (fields) throws(IngestError) in try duplicate(fields, names[Int(campaign)]) }
            }
        }
        return found
    }

    /// Marks the deferred rows whose key an earlier entry of its partition holds, one thread per list of
    /// partitions. A pass holds at most `perPass` keys (a quarter of the budget) in a table of 12-byte slots
    /// at most half full: both threads together, the memory of the in-memory table at the budget.
    private static func resolve(
        _ lists: [[Int]], of partitions: KeyPartitions, ordinals: Int, perPass: Int
    ) -> [Result<DuplicateBitmap, IngestError>] {
        // Each partition is read by one thread only; `KeyPartitions` is not changed meanwhile.
        nonisolated(unsafe) let partitions = partitions
        return ParallelWork.map(lists.count) { (list) throws(IngestError) in
            var found = DuplicateBitmap(count: ordinals)
            for index in lists[list] where partitions.hasCurrentEntries(index) {
                let entries = partitions.entryCount(index)
                let passes = (entries + perPass - 1) / perPass
                for pass in 0..<passes {
                    var table = KeyTable(expected: entries / passes)
                    try partitions.forEach(in: index) { (entry) throws(IngestError) in
                        if passes > 1 && Self.pass(of: entry.key, passes: passes) != pass { return }
                        if !table.insert(entry.key, campaign: entry.campaign) && entry.current
                            && entry.ordinal < UInt64(ordinals)
                        {
                            found.set(Int(entry.ordinal))
                        }
                    }
                }
            }
            return found
        }
    }

    /// Which pass of a partition too big for one table handles `key` (bits unrelated to the partition's).
    static func pass(of key: UInt64, passes: Int) -> Int {
        Int(truncatingIfNeeded: ((key &* 0xC2B2_AE3D_27D4_EB4F) >> 40) % UInt64(passes))
    }

    /// The file passed the gate: its numbers count for the rest of the run.
    func commit() throws(IngestError) {
        if partitions != nil {
            try partitions?.commit()
            endFile()
        } else {
            memory.commit()
        }
    }

    /// The file failed: its numbers are forgotten.
    func discard() throws(IngestError) {
        if let partitions {
            endFile()
            do {
                try partitions.discard()
            } catch {
                broken = error
                throw error
            }
        } else {
            memory.discard()
            keysInMemory = memory.count
        }
    }

    private func endFile() {
        raw?.remove()
        raw = nil
        ordinals = 0
    }

    /// Deletes the spill files (the end of the run); a second call does nothing.
    package func remove() {
        raw?.remove()
        raw = nil
        partitions?.remove()
        partitions = nil
        try? FileManager.default.removeItem(atPath: directory)
    }
}
