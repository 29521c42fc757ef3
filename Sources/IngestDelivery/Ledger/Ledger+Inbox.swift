import GRDB
import IngestCore

/// The watched inbox's part of the ledger: each dropped content (by SHA-256), the name it came in
/// under, and how far it got. It is what recognises the same content dropped again under another name.
extension Ledger {
    package enum InboxState: String, Sendable {
        /// In `processing/`: a worker took it (and may have died with it).
        case claimed
        /// Uploaded whole and moved to `archive/`.
        case archived
        /// Moved to `failed/`: not (wholly) uploaded.
        case failed
    }

    package struct InboxRecord: Sendable, Equatable {
        package var name: String
        package var state: InboxState
        package var location: String?
    }

    static let inboxSchema = """
        CREATE TABLE inbox_files (
            sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, state TEXT NOT NULL, location TEXT,
            updated_at TEXT NOT NULL);
        """

    package func inboxRecord(sha256: String) throws(IngestError) -> InboxRecord? {
        do {
            return try database.read { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT name, state, location FROM inbox_files WHERE sha256 = ?",
                        arguments: [sha256])
                else { return nil }
                let state: String = row["state"]
                return InboxRecord(
                    name: row["name"], state: InboxState(rawValue: state) ?? .failed, location: row["location"])
            }
        } catch {
            throw IngestError(.ledgerFailed, "cannot read the ledger", cause: error)
        }
    }

    package func recordInbox(sha256: String, name: String, state: InboxState, location: String?) throws(IngestError) {
        do {
            try database.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO inbox_files (sha256, name, state, location, updated_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(sha256) DO UPDATE SET name = excluded.name, state = excluded.state,
                            location = excluded.location, updated_at = excluded.updated_at
                        """, arguments: [sha256, name, state.rawValue, location, Self.now()])
            }
        } catch {
            throw IngestError(.ledgerFailed, "cannot write the ledger", cause: error)
        }
    }
}
