/// What earlier runs loaded, as the dedupe windows (`dedupe:`) see it: the ledger's number index answers it
/// (IngestDelivery), so the core needs no SQL. Asked once per file, after its own duplicates are out.
package protocol LoadHistory: Sendable {
    /// Which earlier load, if any, makes each number already loaded.
    /// - Parameters:
    ///   - numbers: per campaign, its numbers as E.164 integers, ascending and without repeats.
    ///   - fileSHA256: the file's hash: what this very file loaded before counts whatever the window.
    func earlierLoads(of numbers: [String: [UInt64]], fileSHA256: String) throws(IngestError) -> EarlierLoads

    /// The numbers loaded into `campaign` within the window and not removed since (an upload whose outcome is
    /// unknown included: it may be loaded), ascending: what `mode: replace` compares a file with.
    func loadedNumbers(campaign: String) throws(IngestError) -> [UInt64]
}

/// The answer of ``LoadHistory``: for each number asked, nothing or the load that took it.
package struct EarlierLoads: Sendable, Equatable {
    /// One earlier load (a chunk), as a rejected row names it.
    package struct Load: Sendable, Equatable {
        /// The chunk's upload ended without an answer: the number may be loaded (`load-uncertain`).
        package var uncertain: Bool
        /// When, into which campaign, from which file and chunk.
        package var detail: String

        package init(uncertain: Bool, detail: String) {
            self.uncertain = uncertain
            self.detail = detail
        }
    }

    /// Per campaign asked, per number in the order asked: 0 for none, else 1 + an index into `loads`.
    package var verdicts: [String: [UInt32]] = [:]
    package var loads: [Load] = []

    package init() {}

    /// The load that took `numbers[index]` of `campaign`, if any.
    func load(campaign: String, index: Int) -> Load? {
        guard let verdict = verdicts[campaign]?[index], verdict > 0 else { return nil }
        return loads[Int(verdict) - 1]
    }
}
