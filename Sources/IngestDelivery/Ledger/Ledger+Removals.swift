import Foundation
import GRDB
import IngestCore

/// Numbers taken out of campaigns (`Dialers/RemoveContact`, `mode: remove` / `replace`): one row per number
/// and outcome, written after each chunk's numbers were tried (the call is safe to repeat, so nothing is
/// marked before it). A number removed after a load no longer counts as loaded (``LedgerLoads``), and `where`
/// lists its removals beside its loads.
extension Ledger {
    static let removalsSchema = """
        CREATE TABLE removals (
            id INTEGER PRIMARY KEY, campaign TEXT NOT NULL, number INTEGER NOT NULL, sent TEXT NOT NULL,
            status TEXT NOT NULL, attempts INTEGER NOT NULL, detail TEXT, file_sha256 TEXT NOT NULL,
            run_id INTEGER NOT NULL, at INTEGER NOT NULL);
        CREATE INDEX removals_by_number ON removals(number);
        """

    /// Records what became of each number of one chunk of removals, in one transaction.
    func recordRemovals(_ outcomes: [RemovalOutcome], fileSHA: String, run: Int64) throws(IngestError) {
        let at = Int(Date().timeIntervalSince1970)
        try write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO removals (campaign, number, sent, status, attempts, detail, file_sha256, run_id, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for outcome in outcomes where outcome.status != .pending {
                try statement.execute(arguments: [
                    outcome.campaign, Int64(bitPattern: outcome.e164), outcome.number, outcome.status.rawValue,
                    outcome.attempts, outcome.detail, fileSHA, run, at,
                ])
            }
        }
    }

    /// When each (campaign id, number) was last removed (``NumberEntry/key``): a load before that no longer
    /// counts. Campaigns without an id had no loads, so they are left out.
    static func removedKeys(in db: Database) throws -> [UInt64: UInt32] {
        var removed: [UInt64: UInt32] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT i.id, r.number, max(r.at) FROM removals r JOIN campaign_ids i ON i.name = r.campaign
                WHERE r.status = 'removed' GROUP BY i.id, r.number
                """)
        while let row = try rows.next() {
            let number = UInt64(bitPattern: row[1] as Int64)
            removed[NumberEntry.key(number: number, campaign: row[0])] = UInt32(clamping: row[2] as Int64)
        }
        return removed
    }

    /// A removal of a number, as `where` lists it.
    package struct NumberRemoval: Sendable, Equatable {
        package var campaign: String
        package var status: String
        package var at: String
        package var fileSHA256: String
        package var filePath: String?
        package var run: Int64
    }

    /// Every removal of `number` (an E.164 integer), oldest first; only `campaign`'s when given.
    package func removals(of number: UInt64, campaign: String? = nil) throws(IngestError) -> [NumberRemoval] {
        do {
            return try database.read { db in
                var arguments: StatementArguments = [Int64(bitPattern: number)]
                var filter = ""
                if let campaign {
                    filter = " AND r.campaign = ?"
                    arguments += [campaign]
                }
                return try Row.fetchAll(
                    db,
                    sql: """
                        SELECT r.campaign, r.status, r.at, r.file_sha256, r.run_id,
                            (SELECT path FROM files f WHERE f.sha256 = r.file_sha256 ORDER BY f.rowid DESC LIMIT 1)
                                AS path
                        FROM removals r WHERE r.number = ?\(filter) ORDER BY r.id
                        """, arguments: arguments
                ).map { row in
                    let at = Date(timeIntervalSince1970: TimeInterval(row["at"] as Int64))
                    return NumberRemoval(
                        campaign: row["campaign"], status: row["status"] == "removed" ? "removed" : "remove-failed",
                        at: ISO8601DateFormatter().string(from: at), fileSHA256: row["file_sha256"],
                        filePath: row["path"], run: row["run_id"])
                }
            }
        } catch {
            throw IngestError(.ledgerFailed, "cannot read the ledger", cause: error)
        }
    }
}
