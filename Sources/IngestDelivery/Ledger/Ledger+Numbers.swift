import Foundation
import GRDB
import IngestCore

/// The numbers each delivered chunk held: what `where` answers from, and what the dedupe windows will read.
///
/// One row per chunk, written in the transaction of its first `sending` mark (before the request, so a run
/// killed mid-request leaves them beside the chunk; the chunk's status says whether they were loaded), its
/// numbers as one blob of sorted E.164 integers, 8 bytes little-endian each. A row per chunk
/// rather than per number: a nightly 2M-row run adds ~40 rows instead of 2M index entries scattered over a
/// ledger of tens of millions (each would dirty a page of the index).
extension Ledger {
    static let numbersSchema = """
        CREATE TABLE chunk_numbers (
            chunk_key TEXT PRIMARY KEY REFERENCES chunks(key), campaign TEXT NOT NULL, count INTEGER NOT NULL,
            numbers BLOB NOT NULL);
        CREATE INDEX chunk_numbers_by_campaign ON chunk_numbers(campaign);
        """

    /// When each chunk's numbers were recorded (Unix seconds), the campaigns' ids for the number index's keys,
    /// and its segments (see ``NumberIndex``).
    static let numberIndexSchema = """
        ALTER TABLE chunk_numbers ADD COLUMN at INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE campaign_ids (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE number_segments (
            id INTEGER PRIMARY KEY, file TEXT NOT NULL, entries INTEGER NOT NULL, through INTEGER NOT NULL);
        """

    /// The id of a campaign for ``NumberEntry`` keys; with `assigning`, a new one for a campaign without.
    /// - Throws: when every id is taken (more campaigns than ``NumberEntry/maxCampaignID``).
    static func campaignID(_ name: String, in db: Database, assigning: Bool) throws -> Int? {
        if let id = try Int.fetchOne(db, sql: "SELECT id FROM campaign_ids WHERE name = ?", arguments: [name]) {
            return id
        }
        guard assigning else { return nil }
        let next = (try Int.fetchOne(db, sql: "SELECT max(id) FROM campaign_ids") ?? 0) + 1
        guard next <= NumberEntry.maxCampaignID else {
            throw IngestError(
                .ledgerFailed, "the ledger's number index holds \(NumberEntry.maxCampaignID) campaigns at most")
        }
        try db.execute(sql: "INSERT INTO campaign_ids (id, name) VALUES (?, ?)", arguments: [next, name])
        return next
    }

    /// A chunk that held a number, and what became of it.
    package struct NumberLoad: Sendable, Equatable {
        package var campaign: String
        package var chunk: String
        package var status: String
        /// When the chunk's status was last written (for an accepted chunk: when the server took it).
        package var at: String
        package var fileSHA256: String
        /// The path the file had when it was last prepared, if the ledger has it.
        package var filePath: String?
        package var run: Int64
    }

    /// Writes a chunk's numbers (sorted, without repeats) in `db`'s transaction. A chunk sent again (a retry
    /// in a later run, `--force`) has the same content, so the first row stays: its rowid is what the number
    /// index's entries point to.
    static func recordNumbers(_ numbers: [UInt64], chunk key: String, campaign: String, in db: Database) throws {
        // Its id now, so a read-only lookup finds the campaign's loads before the index is refreshed.
        _ = try campaignID(campaign, in: db, assigning: true)
        // Little-endian on disk; on a little-endian machine that is the array's own bytes (no per-number map).
        #if _endian(little)
            let blob = numbers.withUnsafeBytes { Data($0) }
        #else
            let blob = numbers.map { $0.littleEndian }.withUnsafeBytes { Data($0) }
        #endif
        try db.execute(
            sql: """
                INSERT INTO chunk_numbers (chunk_key, campaign, count, numbers, at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(chunk_key) DO NOTHING
                """,
            arguments: [key, campaign, numbers.count, blob, Int(Date().timeIntervalSince1970)])
    }

    /// Every chunk that held `number` (an E.164 integer), oldest first; only `campaign`'s when given.
    package func loads(of number: UInt64, campaign: String? = nil) throws(IngestError) -> [NumberLoad] {
        do {
            return try database.read { db in
                var keys: [String] = []
                let filter = campaign == nil ? "" : " WHERE campaign = ?"
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT chunk_key, numbers FROM chunk_numbers" + filter,
                    arguments: StatementArguments(campaign.map { [$0] } ?? []))
                while let row = try rows.next() {
                    let found = try row.withUnsafeData(atIndex: 1) { data in
                        data.map { Self.contains(number, sortedBlob: $0) } ?? false
                    }
                    if found { keys.append(row[0]) }
                }
                return try keys.compactMap { key in try Self.load(ofChunk: key, in: db) }.sorted {
                    ($0.at, $0.chunk) < ($1.at, $1.chunk)
                }
            }
        } catch let error as IngestError {
            throw error
        } catch {
            throw IngestError(.ledgerFailed, "cannot read the ledger", cause: error)
        }
    }

    private static func load(ofChunk key: String, in db: Database) throws -> NumberLoad? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT n.campaign, c.filename, c.status, c.updated_at, c.file_sha256, c.run_id,
                        (SELECT path FROM files f WHERE f.sha256 = c.file_sha256 ORDER BY f.rowid DESC LIMIT 1) AS path
                    FROM chunk_numbers n JOIN chunks c ON c.key = n.chunk_key WHERE n.chunk_key = ?
                    """, arguments: [key])
        else { return nil }
        return NumberLoad(
            campaign: row["campaign"], chunk: row["filename"], status: row["status"], at: row["updated_at"],
            fileSHA256: row["file_sha256"], filePath: row["path"], run: row["run_id"])
    }

    /// Binary search in a blob of sorted little-endian `UInt64`s.
    static func contains(_ number: UInt64, sortedBlob data: Data) -> Bool {
        data.withUnsafeBytes { bytes in
            var low = 0
            var high = bytes.count / 8
            while low < high {
                let middle = (low + high) / 2
                let value = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: middle * 8, as: UInt64.self))
                if value == number { return true }
                if value < number { low = middle + 1 } else { high = middle }
            }
            return false
        }
    }
}
