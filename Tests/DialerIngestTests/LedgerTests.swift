import Foundation
import Testing

@testable import IngestCore
@testable import IngestDelivery

/// The ledger on its own: runs, chunk statuses by content key, the inbox's records, across reopening.
@Suite struct LedgerTests {
    func chunk(_ name: String, in temp: borrowing TemporaryDirectory) throws -> SpooledChunk {
        SpooledChunk(
            filename: name, path: try temp.write(name, "Ventas->;098200300;;;;\n"), campaign: "Ventas->",
            timezone: nil, rows: 1, bytes: 23)
    }

    @Test func aChunksLatestStatusAndAttemptsAreKeptByKey() throws {
        let temp = try TemporaryDirectory()
        let ledger = try Ledger(directory: temp.file("state"))
        let run = try ledger.startRun()
        let chunk = try chunk("a.txt", in: temp)
        #expect(try ledger.status(ofChunk: "key-a") == nil)
        try ledger.record(chunk, key: "key-a", fileSHA: "sha", run: run, status: .sending, attempts: 0)
        try ledger.record(chunk, key: "key-a", fileSHA: "sha", run: run, status: .failed, attempts: 1, detail: "503")
        try ledger.record(chunk, key: "key-a", fileSHA: "sha", run: run, status: .accepted, attempts: 2)
        let status = try #require(try ledger.status(ofChunk: "key-a"))
        #expect(status.0 == .accepted && status.attempts == 2)
        // Another key, another row; a zone is part of the key (the same content to two zones is two loads).
        try ledger.record(
            chunk, key: "key-a|America/Montevideo", fileSHA: "sha", run: run, status: .uncertain, attempts: 1)
        #expect(try ledger.status(ofChunk: "key-a|America/Montevideo")?.0 == .uncertain)
        #expect(try ledger.status(ofChunk: "key-a")?.0 == .accepted)
    }

    @Test func runsAreListedNewestFirstWithHowTheirChunksEnded() throws {
        let temp = try TemporaryDirectory()
        let ledger = try Ledger(directory: temp.file("state"))
        let first = try ledger.startRun()
        let second = try ledger.startRun()
        #expect(second == first + 1)
        let chunkA = try chunk("a.txt", in: temp)
        try ledger.record(chunkA, key: "a", fileSHA: "sha", run: second, status: .accepted, attempts: 1)
        try ledger.record(chunkA, key: "b", fileSHA: "sha", run: second, status: .failed, attempts: 6)
        var report = RunReport(startedAt: "2026-12-04T00:00:00Z", dryRun: false)
        var file = FileReport(path: "leads.csv")
        file.sha256 = "sha"
        file.rowsRead = 3
        file.rowsAccepted = 2
        file.rowsRejected = 1
        report.add(file)
        try ledger.recordFile(file, run: second)
        try ledger.finishRun(second, report: report, exitCode: 69)

        let runs = try ledger.recentRuns(limit: 10)
        #expect(runs.map(\.id) == [second, first])
        let latest = try #require(runs.first)
        #expect(latest.exitCode == 69 && latest.files == 1)
        #expect(latest.rowsAccepted == 2 && latest.rowsRejected == 1)
        #expect(latest.chunksAccepted == 1 && latest.chunksNotAccepted == 1)
        #expect(runs.last?.finishedAt == nil, "a run that never finished shows as unfinished")
        #expect(try ledger.recentRuns(limit: 1).count == 1)
    }

    @Test func whatIsWrittenSurvivesReopening() throws {
        let temp = try TemporaryDirectory()
        do {
            let ledger = try Ledger(directory: temp.file("state"))
            let run = try ledger.startRun()
            try ledger.record(
                try chunk("a.txt", in: temp), key: "a", fileSHA: "sha", run: run, status: .sending, attempts: 0)
            try ledger.recordInbox(sha256: "sha", name: "leads.csv", state: .claimed, location: nil)
        }
        let reopened = try Ledger(directory: temp.file("state"))
        #expect(try reopened.status(ofChunk: "a")?.0 == .sending)
        let record = try #require(try reopened.inboxRecord(sha256: "sha"))
        #expect(record.name == "leads.csv" && record.state == .claimed && record.location == nil)
        try reopened.recordInbox(
            sha256: "sha", name: "leads.csv", state: .archived, location: "archive/2026-12-04/leads.csv")
        #expect(try reopened.inboxRecord(sha256: "sha")?.state == .archived)
        #expect(try reopened.inboxRecord(sha256: "other") == nil)
    }

    @Test func aLedgerThatCannotBeOpenedSaysWhereAndWhy() throws {
        let temp = try TemporaryDirectory()
        let file = try temp.write("plain.txt", "not a folder\n")
        do {
            _ = try Ledger(directory: file + "/state")
            Issue.record("a ledger under a plain file cannot open")
        } catch {
            #expect(error.code == .ledgerFailed)
            #expect(error.file == file + "/state/ledger.sqlite")
            #expect(error.cause?.contains("ENOTDIR") == true, "\(error)")
        }
    }

    @Test func aChunksNumbersAreRecordedWithItsOutcomeAndFoundByNumber() throws {
        let temp = try TemporaryDirectory()
        let ledger = try Ledger(directory: temp.file("state"))
        let run = try ledger.startRun()
        let ventas = try chunk("a.txt", in: temp)
        var cobranza = try chunk("b.txt", in: temp)
        cobranza.campaign = "Cobranza->"
        var file = FileReport(path: "/in/a.csv")
        file.sha256 = "sha-a"
        try ledger.recordFile(file, run: run)

        try ledger.record(ventas, key: "k1", fileSHA: "sha-a", run: run, status: .sending, attempts: 0)
        #expect(try ledger.loads(of: 59898200300).isEmpty)
        try ledger.record(
            ventas, key: "k1", fileSHA: "sha-a", run: run, status: .accepted, attempts: 1,
            numbers: [59898200300, 59899000000])
        try ledger.record(
            cobranza, key: "k2", fileSHA: "sha-b", run: run, status: .uncertain, attempts: 1, numbers: [59898200300])

        let loads = try ledger.loads(of: 59898200300)
        #expect(loads.count == 2)
        let accepted = try #require(loads.first { $0.campaign == "Ventas->" })
        #expect(accepted.status == "accepted" && accepted.chunk == "a.txt" && accepted.run == run)
        #expect(accepted.fileSHA256 == "sha-a" && accepted.filePath == "/in/a.csv")
        let uncertain = try #require(loads.first { $0.campaign == "Cobranza->" })
        #expect(uncertain.status == "uncertain" && uncertain.filePath == nil)
        #expect(try ledger.loads(of: 59898200300, campaign: "Ventas->") == [accepted])
        #expect(try ledger.loads(of: 59899000000).map(\.chunk) == ["a.txt"])
        #expect(try ledger.loads(of: 59899000001).isEmpty)
    }

    @Test func theBlobSearchFindsEveryNumberAndNothingElse() {
        var random = SplitMix(state: 21)
        for count in [0, 1, 2, 3, 7, 64, 1000] {
            let numbers = Set((0..<count).map { _ in random.next() % 1_000_000 * 2 }).sorted()
            let blob = numbers.map(\.littleEndian).withUnsafeBytes { Data($0) }
            for number in numbers {
                #expect(Ledger.contains(number, sortedBlob: blob))
                #expect(!Ledger.contains(number + 1, sortedBlob: blob))
            }
            #expect(!Ledger.contains(UInt64.max, sortedBlob: blob))
        }
    }
}
