import Foundation
import GRDB
import IngestCore

/// The record of what was sent, in SQLite (WAL) under the state directory: runs, files by SHA-256, and
/// chunks by content hash with their status, written before and after every send. It is what makes a
/// re-run send nothing twice and a killed run resumable.
package final class Ledger: Sendable {
    /// A chunk's last known state.
    enum ChunkStatus: String, Sendable {
        /// Written before the request: if the process dies now, the outcome is unknown.
        case sending
        case accepted
        case failed
        case uncertain
    }

    struct RunSummary: Sendable {
        var id: Int64
        var startedAt: String
        var finishedAt: String?
        package var exitCode: Int?
        var files: Int
        var rowsAccepted: Int
        var rowsRejected: Int
        var chunksAccepted: Int
        var chunksNotAccepted: Int
    }

    let database: DatabasePool
    /// The state directory the ledger lives in (its derived files, like the number index, go beside it).
    let directory: String

    /// Opens (or creates) `directory/ledger.sqlite`. Its writer runs with `synchronous = FULL`: in WAL mode
    /// SQLite's NORMAL keeps the database consistent after a power cut but may lose the last commits, and a
    /// chunk whose `sending` mark was lost would be sent again as if new. FULL syncs the WAL at every commit:
    /// a few milliseconds per chunk status change, a few hundred changes in a nightly run.
    ///
    /// `readOnly` (a dry run) opens an existing ledger without writing to it, migrations included.
    /// - Throws: `ledger-failed`; read-only, also when the ledger is older than this version (a run upgrades it).
    package init(directory: String, readOnly: Bool = false) throws(IngestError) {
        let path = directory + "/ledger.sqlite"
        self.directory = directory
        do {
            if readOnly {
                var configuration = Configuration()
                configuration.readonly = true
                database = try DatabasePool(path: path, configuration: configuration)
                guard try database.read({ try Self.migrator.hasCompletedMigrations($0) }) else {
                    throw IngestError(.ledgerFailed, "the ledger is older than this version: a run upgrades it")
                }
                return
            }
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            database = try DatabasePool(path: path)
            // After the pool's own set-up, which puts its one writer connection in WAL mode with NORMAL.
            try database.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            try Self.migrator.migrate(database)
        } catch let error as IngestError {
            throw error
        } catch {
            throw IngestError(.ledgerFailed, "cannot open the ledger", file: path, cause: error)
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE runs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, finished_at TEXT,
                        exit_code INTEGER, files INTEGER NOT NULL DEFAULT 0,
                        rows_accepted INTEGER NOT NULL DEFAULT 0, rows_rejected INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE files (
                        run_id INTEGER NOT NULL REFERENCES runs(id), sha256 TEXT NOT NULL, path TEXT NOT NULL,
                        status TEXT NOT NULL, rows_read INTEGER NOT NULL, rows_accepted INTEGER NOT NULL,
                        rows_rejected INTEGER NOT NULL, recorded_at TEXT NOT NULL);
                    CREATE INDEX files_by_sha ON files(sha256);
                    CREATE TABLE chunks (
                        key TEXT PRIMARY KEY, filename TEXT NOT NULL, file_sha256 TEXT NOT NULL,
                        campaign TEXT NOT NULL, timezone TEXT, endpoint TEXT NOT NULL, rows INTEGER NOT NULL,
                        bytes INTEGER NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                        detail TEXT, run_id INTEGER NOT NULL, updated_at TEXT NOT NULL);
                    """)
        }
        migrator.registerMigration("v2-inbox") { db in try db.execute(sql: Self.inboxSchema) }
        migrator.registerMigration("v3-numbers") { db in try db.execute(sql: Self.numbersSchema) }
        migrator.registerMigration("v4-number-index") { db in try db.execute(sql: Self.numberIndexSchema) }
        migrator.registerMigration("v5-removals") { db in try db.execute(sql: Self.removalsSchema) }
        return migrator
    }

    package func startRun() throws(IngestError) -> Int64 {
        try write { db in
            try db.execute(sql: "INSERT INTO runs (started_at) VALUES (?)", arguments: [Self.now()])
            return db.lastInsertedRowID
        }
    }

    package func finishRun(_ id: Int64, report: RunReport, exitCode: Int32) throws(IngestError) {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE runs SET finished_at = ?, exit_code = ?, files = ?, rows_accepted = ?, rows_rejected = ?
                    WHERE id = ?
                    """,
                arguments: [
                    Self.now(), Int(exitCode), report.files.count, report.totals.rowsAccepted,
                    report.totals.rowsRejected, id,
                ])
        }
    }

    package func recordFile(_ file: FileReport, run: Int64) throws(IngestError) {
        guard let sha = file.sha256 else { return }
        try write { db in
            try db.execute(
                sql: "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    run, sha, file.path, file.status.rawValue, file.rowsRead, file.rowsAccepted, file.rowsRejected,
                    Self.now(),
                ])
        }
    }

    func status(ofChunk key: String) throws(IngestError) -> (ChunkStatus, attempts: Int)? {
        do {
            return try database.read { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT status, attempts FROM chunks WHERE key = ?", arguments: [key])
                else { return nil }
                let status: String = row["status"]
                return (ChunkStatus(rawValue: status) ?? .failed, row["attempts"])
            }
        } catch {
            throw IngestError(.ledgerFailed, "cannot read the ledger", cause: error)
        }
    }

    /// Records the chunk's new state (inserting it the first time), and with it, in the same transaction, the
    /// numbers it held when given (see `Ledger+Numbers`).
    func record(
        _ chunk: SpooledChunk, key: String, fileSHA: String, run: Int64, status: ChunkStatus, attempts: Int,
        detail: String? = nil, numbers: [UInt64]? = nil
    ) throws(IngestError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO chunks (key, filename, file_sha256, campaign, timezone, endpoint, rows, bytes, status,
                        attempts, detail, run_id, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
                        detail = excluded.detail, run_id = excluded.run_id, updated_at = excluded.updated_at
                    """,
                arguments: [
                    key, chunk.filename, fileSHA, chunk.campaign, chunk.timezone, chunk.endpoint, chunk.rows,
                    chunk.bytes, status.rawValue, attempts, detail, run, Self.now(),
                ])
            if let numbers { try Self.recordNumbers(numbers, chunk: key, campaign: chunk.campaign, in: db) }
        }
    }

    /// The latest runs, newest first, with how their chunks ended.
    func recentRuns(limit: Int) throws(IngestError) -> [RunSummary] {
        do {
            return try database.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT r.*, (SELECT count(*) FROM chunks c WHERE c.run_id = r.id AND c.status = 'accepted') AS ok,
                            (SELECT count(*) FROM chunks c WHERE c.run_id = r.id AND c.status != 'accepted') AS notok
                        FROM runs r ORDER BY r.id DESC LIMIT ?
                        """, arguments: [limit]
                ).map { row in
                    RunSummary(
                        id: row["id"], startedAt: row["started_at"], finishedAt: row["finished_at"],
                        exitCode: row["exit_code"], files: row["files"], rowsAccepted: row["rows_accepted"],
                        rowsRejected: row["rows_rejected"], chunksAccepted: row["ok"], chunksNotAccepted: row["notok"])
                }
            }
        } catch {
            throw IngestError(.ledgerFailed, "cannot read the ledger", cause: error)
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(IngestError) -> T {
        do {
            return try database.write(body)
        } catch {
            throw IngestError(.ledgerFailed, "cannot write the ledger", cause: error)
        }
    }

    static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
