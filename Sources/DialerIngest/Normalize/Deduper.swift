/// The same number twice in one campaign in one run: the later rows are duplicates.
///
/// A file's numbers stay pending until the file passes the gate, so a failed file (nothing of it sent)
/// cannot make a later file's rows look like duplicates of leads that were never loaded.
struct Deduper {
    private var tables: [String: NumberTable] = [:]
    /// The campaign of the previous row and its table: most files load one campaign.
    private var last: (campaign: String, table: NumberTable)?

    /// False when `key` was already seen in `campaign` (in this run's committed files or this file).
    mutating func insert(_ key: UInt64, campaign: String) -> Bool {
        if let last, last.campaign == campaign { return last.table.insertPending(key) }
        let table = tables[campaign] ?? NumberTable()
        tables[campaign] = table
        last = (campaign, table)
        return table.insertPending(key)
    }

    /// Keys held, committed and pending.
    var count: Int { tables.values.reduce(0) { $0 + $1.count } }

    /// Every key with its campaign and pending mark.
    func forEach(_ body: (String, UInt64, Bool) throws(IngestError) -> Void) throws(IngestError) {
        for (campaign, table) in tables {
            try table.forEach { (key, pending) throws(IngestError) in try body(campaign, key, pending) }
        }
    }

    /// Starts loading the slot of one key of the previous row's campaign (see `DuplicateCheck.prefetch`).
    func prefetch(_ key: UInt64) {
        last?.table.prefetch(key)
    }

    /// The file passed: its numbers now count for the rest of the run.
    mutating func commit() {
        for table in tables.values { table.commitPending() }
    }

    /// The file failed: forget its numbers.
    mutating func discard() {
        for table in tables.values { table.discardPending() }
    }
}
