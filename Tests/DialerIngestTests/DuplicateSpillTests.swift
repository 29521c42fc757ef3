import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// The duplicate check with its keys on disk (`limits.duplicate_keys_in_memory` below the run's unique
/// numbers) gives exactly what the in-memory check gives: same lines, same rejects, same counts.
@Suite struct DuplicateSpillTests {
    /// One generated data row: its number (digits after `09`), campaign, and whether the number is valid.
    struct Row {
        var number: Int
        var campaign: String
        var valid = true

        var phone: String { valid ? "09\(8_000_000 + number)" : "12" }
    }

    /// A CSV with a number, a name and a campaign column (line 1 is the header).
    static func csv(_ rows: [Row]) -> String {
        var text = "telefono,nombre,campaign\n"
        for (index, row) in rows.enumerated() {
            text += "\(row.phone),\"Nombre \(index), con coma\",\(row.campaign)\n"
        }
        return text
    }

    /// Rows with numbers drawn deterministically from `0..<spread` (so some repeat) in one or two campaigns.
    static func rows(count: Int, spread: Int, seed: UInt64, campaigns: [String] = ["Ventas"], invalidEvery: Int = 0)
        -> [Row]
    {
        var state = seed
        return (0..<count).map { index in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let number = Int((state >> 33) % UInt64(spread))
            let campaign = campaigns[Int((state >> 20) % UInt64(campaigns.count))]
            return Row(number: number, campaign: campaign, valid: invalidEvery == 0 || index % invalidEvery != 1)
        }
    }

    /// What the rule says: per file, the lines (1-based, header = 1) of the duplicate rows, and which files
    /// fail the gate (their numbers are forgotten).
    static func expectedDuplicates(_ files: [[Row]], maxRejectRatio: Double = 0.5) -> [(lines: Set<Int>, fails: Bool)] {
        var committed: Set<String> = []
        return files.map { rows in
            var pending: Set<String> = []
            var lines: Set<Int> = []
            var rejected = 0
            for (index, row) in rows.enumerated() {
                guard row.valid else {
                    rejected += 1
                    continue
                }
                let key = "\(row.campaign)/\(row.number)"
                if committed.contains(key) || !pending.insert(key).inserted {
                    lines.insert(index + 2)
                    rejected += 1
                }
            }
            let fails = Double(rejected) / Double(rows.count) > maxRejectRatio
            if !fails { committed.formUnion(pending) }
            return (lines, fails)
        }
    }

    struct Outcome {
        var status: Int32
        var report: RunReport
        /// Per chunk group (the chunk name without `_NNNN.txt`), its lines in chunk order.
        var linesByGroup: [String: [String]]
        var chunkCount: Int
        /// Reject rows, sorted.
        var rejects: [String]
    }

    /// A dry run of `files` with the given budget (nil: the default) into `temp/NAME`.
    static func validate(
        _ files: [String], budget: Int?, name: String, in temp: borrowing TemporaryDirectory, chunkRows: Int = 7
    ) throws -> Outcome {
        let limit = budget.map { "\n  duplicate_keys_in_memory: \($0)" } ?? ""
        let config = try temp.write(
            "\(name).yaml",
            """
            campaign: Ventas
            phone: {default_region: UY}
            upload: {chunk_rows: \(chunkRows)}
            limits:
              max_reject_ratio: 0.5\(limit)
            """)
        let out = temp.file(name)
        let result = try Tool.run(
            ["validate", "-c", config, "--no-progress", "--output-dir", out, "--report", out + "/report.json"] + files)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let report = try decoder.decode(
            RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/report.json")))
        var groups: [String: [String]] = [:]
        let chunks = try temp.chunks(in: name)
        for chunk in chunks {
            let group = String(chunk.dropLast("_0001.txt".count))
            groups[group, default: []] += try readLines(out + "/" + chunk).dropLast()
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "spill or staging files left behind: \(leftovers)")
        let rejects = try readLines(out + "/report.rejects.csv").dropFirst().filter { !$0.isEmpty }.sorted()
        return Outcome(
            status: result.status, report: report, linesByGroup: groups, chunkCount: chunks.count, rejects: rejects)
    }

    /// `(file name, line)` of the duplicate rejects.
    static func duplicateLines(_ outcome: Outcome) -> [String: Set<Int>] {
        var found: [String: Set<Int>] = [:]
        for row in outcome.rejects {
            let cells = row.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false)
            guard cells.count == 4, cells[2] == "duplicate", let line = Int(cells[1]) else { continue }
            found[(String(cells[0]) as NSString).lastPathComponent, default: []].insert(line)
        }
        return found
    }

    @Test(.tags(.slow), arguments: [1, 50, 700])
    func anyBudgetGivesTheOutputOfTheInMemoryCheck(budget: Int) throws {
        let temp = try TemporaryDirectory()
        // 1,500 rows over 900 numbers in two campaigns: ~600 unique per campaign, many repeats, some invalid.
        let rows = Self.rows(count: 1500, spread: 900, seed: 7, campaigns: ["Ventas", "Cobranza"], invalidEvery: 13)
        let file = try temp.write("leads.csv", Self.csv(rows))
        let memory = try Self.validate([file], budget: nil, name: "memory", in: temp)
        let spilled = try Self.validate([file], budget: budget, name: "spilled", in: temp)
        #expect(memory.status == 0 && spilled.status == 0)
        #expect(spilled.linesByGroup == memory.linesByGroup)
        #expect(spilled.rejects == memory.rejects)
        #expect(spilled.report.files.map(\.rejectsByReason) == memory.report.files.map(\.rejectsByReason))
        #expect(spilled.report.totals.rowsAccepted == memory.report.totals.rowsAccepted)
        #expect(spilled.report.uploads.map(\.rows).reduce(0, +) == spilled.report.totals.rowsAccepted)
        #expect(spilled.report.uploads.allSatisfy { $0.rows > 0 && $0.rows <= 7 })
        let expected = Self.expectedDuplicates([rows])
        #expect(Self.duplicateLines(spilled)["leads.csv"] == expected[0].lines)
        #expect(memory.linesByGroup.count == 2, "both campaigns have lines")
    }

    /// The gate counts the duplicates found at the end of the file: a file of mostly repeated numbers fails,
    /// and its new numbers do not make the next file's rows duplicates.
    @Test(arguments: [3, 100_000])
    func lateDuplicatesCountInTheGate(budget: Int) throws {
        let temp = try TemporaryDirectory()
        let a = (0..<200).map { Row(number: $0, campaign: "Ventas") }
        let e =
            (0..<150).map { Row(number: $0, campaign: "Ventas") }
            + (500..<550).map { Row(number: $0, campaign: "Ventas") }
        let f = (500..<550).map { Row(number: $0, campaign: "Ventas") }
        let files = try [("a.csv", a), ("e.csv", e), ("f.csv", f)].map { try temp.write($0, Self.csv($1)) }
        let outcome = try Self.validate(files, budget: budget, name: "out", in: temp)
        #expect(Self.expectedDuplicates([a, e, f]).map(\.fails) == [false, true, false])
        #expect(outcome.report.files.map(\.status) == [.ok, .failed, .ok])
        #expect(outcome.report.files[1].error?.code == .rejectRatio)
        #expect(outcome.report.files[1].rejectsByReason["duplicate"] == 150)
        #expect(outcome.report.files[2].rowsAccepted == 50)
        #expect(outcome.linesByGroup.values.flatMap { $0 }.count == 250)
    }

    /// Four files: A, then B (fails the gate), then C (repeats A's and B's numbers), then D (two campaigns).
    /// The budgets put the switch to disk in A, in the middle of C, and never.
    @Test(arguments: [3, 260, 100_000])
    func duplicatesAcrossFilesForgetAFailedFile(budget: Int) throws {
        let temp = try TemporaryDirectory()
        let a = (0..<200).map { Row(number: $0, campaign: "Ventas") }
        // B: numbers 200..<260, but 70 % of its rows invalid: it fails, its numbers must not count.
        let b = (0..<200).map { Row(number: 200 + $0 % 60, campaign: "Ventas", valid: $0 % 10 >= 7) }
        // C: 150..<300 (150..<200 are A's: duplicates; 200..<260 were only in the failed B), then its own repeats.
        let c =
            (150..<300).map { Row(number: $0, campaign: "Ventas") }
            + (280..<300).map { Row(number: $0, campaign: "Ventas") }
        // D: A's numbers in another campaign are not duplicates; in Ventas they are.
        let d = (0..<40).map { Row(number: $0, campaign: $0 % 2 == 0 ? "Cobranza" : "Ventas") }
        let names = ["a.csv", "b.csv", "c.csv", "d.csv"]
        let files = try zip(names, [a, b, c, d]).map { try temp.write($0, Self.csv($1)) }
        let outcome = try Self.validate(files, budget: budget, name: "out", in: temp)
        #expect(outcome.status == 65, "B fails the gate")
        let expected = Self.expectedDuplicates([a, b, c, d])
        #expect(expected.map(\.fails) == [false, true, false, false])
        #expect(outcome.report.files.map(\.status) == [.ok, .failed, .ok, .ok])
        let found = Self.duplicateLines(outcome)
        for (name, want) in zip(names, expected) where !want.fails {
            #expect(found[name, default: []] == want.lines, "\(name)")
        }
        #expect(expected[2].lines.count == 70, "50 from A, 20 repeats within C, none from B")
        #expect(expected[3].lines.count == 20, "D's Ventas rows are A's numbers")
        for file in outcome.report.files where file.status == .ok {
            #expect(file.rowsRead == file.rowsAccepted + file.rowsRejected)
        }
        // Every accepted row is in exactly one chunk line, and no number is twice in one campaign.
        let lines = outcome.linesByGroup.values.flatMap { $0 }
        let sent = outcome.report.files.filter { $0.status == .ok }.map(\.rowsAccepted).reduce(0, +)
        #expect(lines.count == sent)
        let keys = lines.map { $0.split(separator: ";").prefix(2).joined(separator: ";") }
        #expect(Set(keys).count == keys.count)
        #expect(lines.count == 200 + 100 + 40 - 20)
    }
}
