import Foundation
import GRDB
import IngestCore

/// Every load the ledger recorded (`chunk_numbers`), as sorted segments under `state_dir/numbers/`, so a
/// run's numbers are checked against tens of millions of loads in one pass (``NumberLookup``).
///
/// The ledger's tables stay the truth; the segments are derived from them and listed in the table
/// `number_segments`, each with the last `chunk_numbers` row it covers. `refresh` adds a segment for the rows
/// recorded since, and merges the segments into one when there are more than `maxSegments`; a file the table
/// does not list (a crash between writing it and listing it) is deleted. It runs in an immediate transaction:
/// two processes never write segments at once.
package struct NumberIndex {
    let ledger: Ledger
    let folder: String
    /// More segments than this are merged into one (a lookup reads each of them).
    var maxSegments = 6

    package init(ledger: Ledger) {
        self.ledger = ledger
        folder = ledger.directory + "/numbers"
    }

    /// Adds a segment for the loads recorded since the last one; merges when there are too many.
    package func refresh() throws(IngestError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try ledger.database.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    var segments = try listed(db)
                    let covered = segments.map(\.through).max() ?? 0
                    let (entries, through) = try newEntries(after: covered, db: db, assigning: true)
                    if !entries.isEmpty {
                        let path = folder + "/segment-\(through).bin"
                        let segment = try NumberSegment.write(entries, to: path)
                        try list(segment, through: through, in: db)
                        segments.append((path, through))
                    }
                    if segments.count > maxSegments {
                        let last = segments.map(\.through).max() ?? 0
                        let path = folder + "/segment-\(last)-merged-\(segments.count).bin"
                        let readers = try segments.map { item throws(IngestError) in
                            try NumberSegment.Reader(path: item.path)
                        }
                        let entries = MergedEntries(readers)
                        let segment = try NumberSegment.write(entries, to: path)
                        if let failure = entries.failure { throw failure }
                        try db.execute(sql: "DELETE FROM number_segments")
                        try list(segment, through: last, in: db)
                        segments = [(path, last)]
                    }
                    try removeUnlisted(keeping: Set(segments.map(\.path)))
                    return .commit
                }
            }
        } catch let error as IngestError {
            throw error
        } catch {
            throw IngestError(.ledgerFailed, "cannot update the number index", file: folder, cause: error)
        }
    }

    /// The newest load each query matches (``NumberLookup``), among the segments and the loads recorded
    /// since the last refresh (read here, not written: `validate` consults the ledger read-only).
    package func newestLoads(
        of queries: [UInt64], anyCampaign: Bool, accept: (NumberEntry) -> Bool
    ) throws(IngestError) -> [UInt64] {
        var lookup = NumberLookup(queries: queries, anyCampaign: anyCampaign)
        try eachSource { (source) throws(IngestError) in try lookup.search(source, accept: accept) }
        return lookup.newest
    }

    /// Every number loaded into campaign `id` whose load `accept` takes, ascending, each once: a walk of every
    /// segment and of the loads recorded since the last refresh.
    package func numbers(ofCampaign id: Int, accept: (NumberEntry) -> Bool) throws(IngestError) -> [UInt64] {
        var numbers: [UInt64] = []
        let mask: UInt64 = 1 << NumberEntry.campaignBits - 1
        try eachSource { (source) throws(IngestError) in
            while true {
                let block = try source.nextBlock()
                if block.isEmpty { break }
                for index in 0..<block.count / 2 where block[2 * index] & mask == UInt64(id) {
                    let entry = NumberEntry(key: block[2 * index], value: block[2 * index + 1])
                    if accept(entry) { numbers.append(entry.number) }
                }
            }
        }
        numbers.formSortedUnique()
        return numbers
    }

    /// Calls `body` with each source a lookup reads: each listed segment (opened one at a time: a reader holds
    /// a 4 MiB block), then the loads recorded since the last refresh (in memory).
    private func eachSource(_ body: (any NumberBlocks) throws(IngestError) -> Void) throws(IngestError) {
        let segments: [(path: String, through: Int64)]
        let recent: [NumberEntry]
        do {
            (segments, recent) = try ledger.database.read {
                db -> ([(path: String, through: Int64)], [NumberEntry]) in
                let segments = try listed(db)
                let covered = segments.map(\.through).max() ?? 0
                return (segments, try newEntries(after: covered, db: db, assigning: false).entries)
            }
        } catch {
            throw IngestError(.ledgerFailed, "cannot read the number index", file: folder, cause: error)
        }
        for item in segments { try body(try NumberSegment.Reader(path: item.path)) }
        try body(InMemoryEntries(recent))
    }

    private func list(_ segment: NumberSegment, through: Int64, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO number_segments (file, entries, through) VALUES (?, ?, ?)",
            arguments: [(segment.path as NSString).lastPathComponent, segment.count, through])
    }

    /// The listed segments' paths and coverage.
    private func listed(_ db: Database) throws -> [(path: String, through: Int64)] {
        try Row.fetchAll(db, sql: "SELECT file, through FROM number_segments ORDER BY through").map { row in
            (folder + "/" + (row["file"] as String), row["through"] as Int64)
        }
    }

    /// The loads of `chunk_numbers` rows after `covered`, sorted, and the last row's id. `assigning` gives a
    /// campaign without an id one; otherwise such a campaign's loads are left out (nothing can match them).
    private func newEntries(
        after covered: Int64, db: Database, assigning: Bool
    ) throws -> (entries: [NumberEntry], through: Int64) {
        var entries: [NumberEntry] = []
        var through = covered
        let rows = try Row.fetchCursor(
            db, sql: "SELECT rowid, campaign, at, numbers FROM chunk_numbers WHERE rowid > ? ORDER BY rowid",
            arguments: [covered])
        while let row = try rows.next() {
            let rowID: Int64 = row[0]
            through = rowID
            let name: String = row[1]
            guard let campaign = try Ledger.campaignID(name, in: db, assigning: assigning) else { continue }
            let at = UInt32(clamping: row[2] as Int64)
            try row.withUnsafeData(atIndex: 3) { data in
                guard let data else { return }
                data.withUnsafeBytes { bytes in
                    for index in 0..<bytes.count / 8 {
                        let number = UInt64(
                            littleEndian: bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
                        entries.append(
                            NumberEntry(
                                number: number, campaign: campaign, at: at, chunk: UInt32(truncatingIfNeeded: rowID)))
                    }
                }
            }
        }
        entries.sort()
        return (entries, through)
    }

    private func removeUnlisted(keeping listed: Set<String>) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let path = folder + "/" + name
            if !listed.contains(path) { unlink(path) }
        }
    }
}

/// The entries of several segments in ascending order (a k-way merge of their readers; k is small). A read
/// error ends the sequence and is kept in `failure`: the caller checks it before using what was written.
final class MergedEntries: Sequence, IteratorProtocol {
    private let readers: [NumberSegment.Reader]
    private var blocks: [UnsafeBufferPointer<UInt64>] = []
    private var positions: [Int]
    private(set) var failure: IngestError?

    init(_ readers: [NumberSegment.Reader]) {
        self.readers = readers
        positions = [Int](repeating: 0, count: readers.count)
        blocks = readers.map(read)
    }

    private func read(_ reader: NumberSegment.Reader) -> UnsafeBufferPointer<UInt64> {
        do {
            return try reader.nextBlock()
        } catch {
            failure = failure ?? error
            return UnsafeBufferPointer(start: nil, count: 0)
        }
    }

    func next() -> NumberEntry? {
        if failure != nil { return nil }
        var best: Int?
        for index in blocks.indices where positions[index] < blocks[index].count {
            let key = blocks[index][positions[index]]
            if let current = best, blocks[current][positions[current]] <= key { continue }
            best = index
        }
        guard let index = best else { return nil }
        let entry = NumberEntry(key: blocks[index][positions[index]], value: blocks[index][positions[index] + 1])
        positions[index] += 2
        if positions[index] == blocks[index].count {
            blocks[index] = read(readers[index])
            positions[index] = 0
        }
        return entry
    }
}
