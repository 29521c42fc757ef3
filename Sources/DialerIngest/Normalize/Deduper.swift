/// The same number twice in one campaign in one run: the later rows are duplicates.
///
/// A file's numbers stay pending until the file passes the gate, so a failed file (nothing of it sent)
/// cannot make a later file's rows look like duplicates of leads that were never loaded.
struct Deduper {
    private var committed: [String: Set<UInt64>] = [:]
    private var pending: [String: Set<UInt64>] = [:]

    /// False when `key` was already seen in `campaign` (in this run's committed files or this file).
    mutating func insert(_ key: UInt64, campaign: String) -> Bool {
        if committed[campaign]?.contains(key) == true { return false }
        return pending[campaign, default: []].insert(key).inserted
    }

    /// The file passed: its numbers now count for the rest of the run.
    mutating func commit() {
        for (campaign, keys) in pending {
            committed[campaign, default: []].formUnion(keys)
        }
        pending.removeAll()
    }

    /// The file failed: forget its numbers.
    mutating func discard() {
        pending.removeAll()
    }
}
