import AsyncHTTPClient
import Foundation
import GRDB
import Testing
import UContactSimulator

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// What keeps a delivery honest when the machine misbehaves: a chunk that cannot be read whole, a run
/// cancelled while it waits to retry, a power cut after a chunk's status changed.
@Suite struct DeliverySafetyTests {
    @Test func aChunkThatCannotBeReadWholeHasNoKey() throws {
        let temp = try TemporaryDirectory()
        let path = try temp.write("chunk.txt", "Ventas->;098200300;;;;\n")
        let whole = SpooledChunk(
            filename: "chunk.txt", path: path, campaign: "Ventas->", timezone: nil, rows: 1, bytes: 23)
        #expect(try Delivery.key(of: whole, fileSHA: "sha").count == 64)

        // Shorter on disk than written: a key of part of the chunk could match a different, earlier send.
        var short = whole
        short.bytes = 4096
        #expect(throws: IngestError.self) { try Delivery.key(of: short, fileSHA: "sha") }
        do {
            _ = try Delivery.key(of: short, fileSHA: "sha")
        } catch {
            #expect(error.code == .fileUnreadable)
            #expect(error.message.contains("23 bytes, 4096 were written"), "\(error.message)")
        }

        // A read that fails part-way (here at once: a folder where the chunk should be) is an error too.
        var unreadable = whole
        unreadable.path = temp.file("")
        #expect(throws: IngestError.self) { try Delivery.key(of: unreadable, fileSHA: "sha") }
    }

    @Test func cancellingARunThatWaitsToRetryStopsTheDelivery() async throws {
        let temp = try TemporaryDirectory()
        let path = try temp.write("chunk.txt", "Ventas->;098200300;;;;\n")
        let chunk = SpooledChunk(
            filename: "chunk.txt", path: path, campaign: "Ventas->", timezone: nil, rows: 1, bytes: 23)
        // Every upload is answered 429 with Retry-After: 60, so the delivery sleeps a minute between tries.
        let configuration = SimulatorConfiguration(
            apiTokens: ["api-token-1"], faults: SimulatorFaults(throttleFirst: 100, retryAfterSeconds: 60))
        try await withRunningSimulator(configuration, logger: UploadEndToEndTests.quiet) { base, simulator in
            try await HTTPClient.withHTTPClient { http in
                let client = IntegraClient(
                    http: http, base: base.absoluteString, credentials: .bearer(token: "api-token-1"),
                    logger: UploadEndToEndTests.quiet)
                let ledger = try Ledger(directory: temp.file("state"))
                let delivery = Delivery(
                    client: client, ledger: ledger, run: try ledger.startRun(),
                    options: .init(username: "demo", concurrency: 1, policy: RetryPolicy()),
                    logger: UploadEndToEndTests.quiet)
                let started = ContinuousClock.now
                let task = Task { try await delivery.deliver([chunk], file: "leads.csv", fileSHA: "sha") }
                // The ledger has the chunk as failed once the first 429 came back and the wait began.
                let key = try Delivery.key(of: chunk, fileSHA: "sha")
                while try ledger.status(ofChunk: key)?.0 != .failed { try await Task.sleep(for: .milliseconds(20)) }
                try await Task.sleep(for: .milliseconds(100))
                task.cancel()
                let reports = try await task.value
                #expect(ContinuousClock.now - started < .seconds(30), "the wait ended with the cancellation")
                #expect(reports.map(\.status) == [.pending])
                #expect(reports.first?.detail == "stopped while waiting to retry")
                #expect(simulator.uploads.count == 0)
                // The ledger has it as failed, not sending: the next run sends it again.
                #expect(try ledger.status(ofChunk: key)?.0 == .failed)
            }
        }
    }

    @Test func aRefusedReLoginLeavesTheChunkFailedNotUncertain() async throws {
        let temp = try TemporaryDirectory()
        let chunks = try ["098200300", "098200301"].map { number in
            SpooledChunk(
                filename: "\(number).txt", path: try temp.write("\(number).txt", "Ventas->;\(number);;;;\n"),
                campaign: "Ventas->", timezone: nil, rows: 1, bytes: 23)
        }
        let configuration = SimulatorConfiguration(users: ["loader": "pa55-w0rd"])
        try await withRunningSimulator(configuration, logger: UploadEndToEndTests.quiet) { base, simulator in
            try await HTTPClient.withHTTPClient { http in
                let client = IntegraClient(
                    http: http, base: base.absoluteString,
                    credentials: .session(user: "loader", password: "pa55-w0rd"), logger: UploadEndToEndTests.quiet)
                _ = try await client.authorization()
                // The session lasts one upload (the second gets 401) and the login that follows is refused.
                try simulator.setFaults(SimulatorFaults(refuseLogin: true, tokenUses: 1))
                let ledger = try Ledger(directory: temp.file("state"))
                let delivery = Delivery(
                    client: client, ledger: ledger, run: try ledger.startRun(),
                    options: .init(username: "demo", concurrency: 1, policy: RetryPolicy()),
                    logger: UploadEndToEndTests.quiet)
                await #expect(throws: IngestError.self) {
                    try await delivery.deliver(chunks, file: "leads.csv", fileSHA: "sha")
                }
                #expect(simulator.uploads.count == 1)
                #expect(try ledger.status(ofChunk: try Delivery.key(of: chunks[0], fileSHA: "sha"))?.0 == .accepted)
                // The 401 proves the server did not take it: the next run sends it without --resend-uncertain.
                #expect(try ledger.status(ofChunk: try Delivery.key(of: chunks[1], fileSHA: "sha"))?.0 == .failed)
            }
        }
    }

    @Test func theLedgerSyncsEveryCommitToDisk() throws {
        let temp = try TemporaryDirectory()
        let ledger = try Ledger(directory: temp.file("state"))
        // 2 is FULL: a commit is on disk (WAL synced) before the call returns, power cut or not.
        #expect(try ledger.database.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
    }
}
