import Foundation
import GRDB
import IngestCore

/// The dedupe windows over the ledger (``LoadHistory``): a number is already loaded when a chunk that held it
/// was accepted (or may have been: `sending`, `uncertain`) into the same campaign (`scope: campaign`) or any
/// (`scope: all`) within `window_days`, or, whatever the window and scope, by this very file before (a
/// resume, or the same file dropped again under another name). Failed chunks do not count.
package struct LedgerLoads: LoadHistory {
    let ledger: Ledger
    let dedupe: IngestConfig.Dedupe
    /// `--resend-uncertain`: loads whose outcome is unknown do not count.
    let resendsUncertain: Bool
    /// The window ends now (tests move it).
    var now: @Sendable () -> Date = { Date() }

    /// The index is read as it is (a run refreshes it once at its start; ``NumberIndex/newestLoads`` reads
    /// what it does not cover yet).
    package init(ledger: Ledger, dedupe: IngestConfig.Dedupe, resendsUncertain: Bool) {
        self.ledger = ledger
        self.dedupe = dedupe
        self.resendsUncertain = resendsUncertain
    }

    /// What the check needs to know of a chunk that held numbers, by its `chunk_numbers` rowid.
    struct ChunkFacts {
        var campaign: String
        var filename: String
        var status: Ledger.ChunkStatus
        var sameFile: Bool
        var filePath: String?
    }

    package func earlierLoads(
        of numbers: [String: [UInt64]], fileSHA256: String
    ) throws(IngestError) -> EarlierLoads {
        let index = NumberIndex(ledger: ledger)
        let (campaignIDs, chunks, removed) = try facts(fileSHA256: fileSHA256)
        guard !chunks.isEmpty else { return EarlierLoads() }
        let anyCampaign = dedupe.scope == .all
        let cutoff = now().timeIntervalSince1970 - dedupe.windowDays * 86_400
        let resendsUncertain = self.resendsUncertain
        let windowed = dedupe.scope != .run
        let accept = { (entry: NumberEntry) -> Bool in
            guard let chunk = chunks[entry.chunk] else { return false }
            if !removed.isEmpty, let when = removed[entry.key], when >= entry.at { return false }
            switch chunk.status {
            case .failed: return false
            case .sending, .uncertain: if resendsUncertain { return false }
            case .accepted: break
            }
            return chunk.sameFile || (windowed && Double(entry.at) >= cutoff)
        }

        // Query keys: a number with its campaign's id, or (any campaign) with none.
        var keys: [UInt64] = []
        for (campaign, list) in numbers {
            if anyCampaign {
                keys += list.map { NumberEntry.key(number: $0, campaign: 0) }
            } else if let id = campaignIDs[campaign] {
                keys += list.map { NumberEntry.key(number: $0, campaign: id) }
            }
        }
        // One campaign (the usual file): its list is already ascending and unique, and so are its keys,
        // in the same order; a number's answer is then at its own position.
        let inOrder = numbers.count == 1
        if !inOrder { keys.formSortedUnique() }
        let newest = try index.newestLoads(of: keys, anyCampaign: anyCampaign, accept: accept)

        var answer = EarlierLoads()
        var loadIndex: [UInt32: UInt32] = [:]
        for (campaign, list) in numbers {
            let id = anyCampaign ? 0 : campaignIDs[campaign]
            guard let id else { continue }
            var verdicts = [UInt32](repeating: 0, count: list.count)
            for (position, number) in list.enumerated() {
                guard
                    let found = inOrder
                        ? position : keys.sortedIndex(of: NumberEntry.key(number: number, campaign: id)),
                    newest[found] != 0
                else { continue }
                let entry = NumberEntry(key: 0, value: newest[found])
                if let known = loadIndex[entry.chunk] {
                    verdicts[position] = known
                } else if let chunk = chunks[entry.chunk] {
                    answer.loads.append(Self.describe(chunk, at: entry.at))
                    loadIndex[entry.chunk] = UInt32(answer.loads.count)
                    verdicts[position] = UInt32(answer.loads.count)
                }
            }
            answer.verdicts[campaign] = verdicts
        }
        return answer
    }

    package func loadedNumbers(campaign: String) throws(IngestError) -> [UInt64] {
        let (campaignIDs, chunks, removed) = try facts(fileSHA256: "")
        guard let id = campaignIDs[campaign], !chunks.isEmpty else { return [] }
        let cutoff = now().timeIntervalSince1970 - dedupe.windowDays * 86_400
        return try NumberIndex(ledger: ledger).numbers(ofCampaign: id) { entry in
            guard let chunk = chunks[entry.chunk], chunk.status != .failed else { return false }
            if !removed.isEmpty, let when = removed[entry.key], when >= entry.at { return false }
            return Double(entry.at) >= cutoff
        }
    }

    /// How a rejected row names the load that took its number.
    static func describe(_ chunk: ChunkFacts, at: UInt32) -> EarlierLoads.Load {
        let when = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(at)))
        let file = chunk.sameFile ? "this file" : chunk.filePath.map { Terminal.escaped($0) } ?? "another file"
        let uncertain = chunk.status == .sending || chunk.status == .uncertain
        let detail =
            uncertain
            ? "may be loaded into \(chunk.campaign): the upload of chunk \(chunk.filename) from \(file) at \(when) "
                + "ended without an answer (--resend-uncertain sends it again)"
            : "loaded into \(chunk.campaign) at \(when) from \(file) (chunk \(chunk.filename))"
        return EarlierLoads.Load(uncertain: uncertain, detail: detail)
    }

    /// Chunk facts by `chunk_numbers` rowid, in an array: rowids are dense, and every load a lookup matches
    /// asks for its chunk (a dictionary's hashing was a tenth of a run's check against 50M loads).
    struct ChunkTable {
        private var facts: [ChunkFacts?] = []
        private(set) var isEmpty = true

        subscript(id: UInt32) -> ChunkFacts? {
            get { Int(id) < facts.count ? facts[Int(id)] : nil }
            set {
                if Int(id) >= facts.count { facts += [ChunkFacts?](repeating: nil, count: Int(id) + 1 - facts.count) }
                facts[Int(id)] = newValue
                isEmpty = isEmpty && newValue == nil
            }
        }
    }

    /// The campaigns' ids, per `chunk_numbers` rowid its chunk's facts, and when numbers were last removed.
    private func facts(
        fileSHA256: String
    ) throws(IngestError) -> (campaigns: [String: Int], chunks: ChunkTable, removed: [UInt64: UInt32]) {
        do {
            return try ledger.database.read { db in
                var campaigns: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, name FROM campaign_ids") {
                    campaigns[row["name"]] = row["id"]
                }
                var chunks = ChunkTable()
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT n.rowid AS id, n.campaign, c.filename, c.status, c.file_sha256,
                            (SELECT path FROM files f WHERE f.sha256 = c.file_sha256 ORDER BY f.rowid DESC LIMIT 1)
                                AS path
                        FROM chunk_numbers n JOIN chunks c ON c.key = n.chunk_key ORDER BY n.rowid
                        """)
                while let row = try rows.next() {
                    let id: Int64 = row["id"]
                    let status: String = row["status"]
                    chunks[UInt32(truncatingIfNeeded: id)] = ChunkFacts(
                        campaign: row["campaign"], filename: row["filename"],
                        status: Ledger.ChunkStatus(rawValue: status) ?? .failed,
                        sameFile: (row["file_sha256"] as String) == fileSHA256, filePath: row["path"])
                }
                return (campaigns, chunks, try Ledger.removedKeys(in: db))
            }
        } catch {
            throw IngestError(.ledgerFailed, "cannot read the ledger", cause: error)
        }
    }
}
