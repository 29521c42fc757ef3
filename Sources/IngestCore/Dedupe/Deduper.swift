/// The same number twice in one campaign in one run: the later rows are duplicates.
///
/// A file's numbers stay pending until the file passes the gate, so a failed file (nothing of it sent)
/// cannot make a later file's rows look like duplicates of leads that were never loaded.
///
/// Campaigns are numbered by the caller (`DuplicateCheck.campaignNumber(_:)`, through `RouteTable`): a row passes an integer, not a
/// String to compare and reference-count.
struct Deduper {
    /// The table of each campaign number (nil for one with no numbers yet).
    private var tables: [NumberTable?] = []

    /// False when `key` was already seen in `campaign` (in this run's committed files or this file).
    mutating func insert(_ key: UInt64, campaign: UInt32) -> Bool {
        let index = Int(campaign)
        if index < tables.count, let table = tables[index] { return table.insertPending(key) }
        if index >= tables.count { tables.append(contentsOf: repeatElement(nil, count: index + 1 - tables.count)) }
        let table = NumberTable()
        tables[index] = table
        return table.insertPending(key)
    }

    /// Keys held, committed and pending.
    var count: Int { tables.reduce(0) { $0 + ($1?.count ?? 0) } }

    /// Every key with its campaign and pending mark.
    func forEach(_ body: (UInt32, UInt64, Bool) throws(IngestError) -> Void) throws(IngestError) {
        for (campaign, table) in tables.enumerated() {
            try table?.forEach { (key, pending) throws(IngestError) in try body(UInt32(campaign), key, pending) }
        }
    }

    /// Starts loading the slot of `key` in `campaign` (see `DuplicateCheck.prefetch`).
    func prefetch(_ key: UInt64, campaign: UInt32) {
        let index = Int(campaign)
        if index < tables.count { tables[index]?.prefetch(key) }
    }

    /// The file passed: its numbers now count for the rest of the run.
    mutating func commit() {
        for case let table? in tables { table.commitPending() }
    }

    /// The file failed: forget its numbers.
    mutating func discard() {
        for case let table? in tables { table.discardPending() }
    }
}
