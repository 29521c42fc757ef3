import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// The executable on .xlsx workbooks (fixtures/xlsx, made by scripts/make-xlsx-fixtures.py), each compared
/// line by line with what the CSV path makes of its CSV twin.
@Suite struct XlsxEndToEndTests {
    static let twins: [(workbook: String, csv: String)] = [
        ("fixtures/xlsx/leads.xlsx", "fixtures/xlsx/leads.csv"),
        ("fixtures/xlsx/leads-1904.xlsx", "fixtures/xlsx/leads.csv"),
        ("fixtures/xlsx/leads-inline.xlsx", "fixtures/xlsx/leads.csv"),
    ]
    static let badWorkbooks: [(file: String, code: String, says: String)] = [
        ("fixtures/xlsx/bad/not-a-zip.xlsx", "workbook-corrupt", "not a zip archive"),
        ("fixtures/xlsx/bad/no-workbook.xlsx", "workbook-corrupt", "without a workbook"),
        ("fixtures/xlsx/bad/encrypted.xlsx", "workbook-encrypted", "password-protected workbook"),
        ("fixtures/xlsx/bad/zip-bomb.xlsx", "workbook-bomb", "zip bomb"),
        ("fixtures/xlsx/bad/lying-size.xlsx", "workbook-bomb", "inflates past its declared size"),
        ("fixtures/xlsx/bad/bad-crc.xlsx", "workbook-corrupt", "is corrupt (checksum or size mismatch)"),
        ("fixtures/xlsx/bad/malformed-xml.xlsx", "workbook-corrupt", "malformed XML in xl/worksheets/sheet1.xml"),
        ("fixtures/xlsx/bad/old.xls", "unsupported-format", "Excel 97-2003"),
    ]

    /// What one `validate` run left: chunks by name without the input's stem and hash, rejects without the file.
    struct Output {
        var chunks: [String: [String]] = [:]
        var rejects: [[String]] = []
        var report: FileReport
    }

    func validate(_ file: String, config: String = "fixtures/config.yaml", in temp: borrowing TemporaryDirectory)
        throws -> Output
    {
        let out = temp.file("out-\(UUID().uuidString)")
        let result = try Tool.run(["validate", "-c", config, "--output-dir", out, file])
        #expect(result.status == 0, "\(result.stderr)")
        var chunks: [String: [String]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out) where name.hasSuffix(".txt") {
            let key = name.split(separator: "_").dropFirst(2).joined(separator: "_")
            chunks[key] = try readLines(out + "/" + name)
        }
        let rejects = try readLines(out + "/report.rejects.csv").dropFirst().filter { !$0.isEmpty }.map { line in
            #expect(line.hasPrefix(file + ","), "\(line)")
            return [String(line.dropFirst(file.count + 1))]
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let report = try decoder.decode(
            RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/report.json")))
        let fileReport = try #require(report.files.first)
        return Output(chunks: chunks, rejects: rejects, report: fileReport)
    }

    @Test(arguments: twins)
    func aWorkbookGivesExactlyWhatItsCSVTwinGives(_ pair: (workbook: String, csv: String)) throws {
        let temp = try TemporaryDirectory()
        let sheet = try validate(pair.workbook, in: temp)
        let csv = try validate(pair.csv, in: temp)
        #expect(sheet.chunks.keys.sorted() == csv.chunks.keys.sorted())
        for (key, lines) in csv.chunks {
            #expect(sheet.chunks[key] == lines, "chunk \(key)")
        }
        #expect(sheet.rejects == csv.rejects)
        #expect(sheet.report.rowsRead == csv.report.rowsRead)
        #expect(sheet.report.rowsAccepted == csv.report.rowsAccepted)
        #expect(sheet.report.rowsBlank == csv.report.rowsBlank)
        #expect(sheet.report.rejectsByReason == csv.report.rejectsByReason)
        #expect(sheet.report.status == .ok)

        // The twin is not trivially empty: numbers, zero-padded numbers, dates, booleans and sparse rows all show.
        let text = sheet.chunks.values.joined().joined(separator: "\n")
        for expected in [
            "098344484;Nombre=Ana Pérez:Alta=2026-01-05:Activo=TRUE:Monto=1234.5", "Alta=2025-12-31:Activo=FALSE",
            "Alta=1999-02-28", "Monto=-3", "Monto=0.001", "092223334;Nombre=:Alta=:Activo=:Monto=:Notas=solo notas",
        ] {
            #expect(text.contains(expected), "\(expected) in \(text)")
        }
        #expect(sheet.report.rowsAccepted == 5)
        #expect(sheet.report.rowsBlank == 2)
        #expect(sheet.rejects.contains { $0[0].hasPrefix("7,invalid-number,") && $0[0].hasSuffix(",2000-02-29,,,\"") })
        #expect(sheet.rejects.contains { $0[0].hasPrefix("8,duplicate,") && $0[0].hasSuffix(",1900-03-01,,100000,\"") })
    }

    @Test func inputSheetReadsAnotherSheetAndFlagsNumbersPastFifteenDigits() throws {
        let temp = try TemporaryDirectory()
        let config = try temp.write(
            "config.yaml", "campaign: Ventas->\nphone:\n  default_region: UY\ninput:\n  sheet: Otra\n")
        let sheet = try validate("fixtures/xlsx/leads.xlsx", config: config, in: temp)
        let csv = try validate("fixtures/xlsx/otra.csv", config: config, in: temp)
        #expect(sheet.chunks == csv.chunks)
        #expect(sheet.report.rowsAccepted == 2)
        #expect(sheet.chunks.values.joined().contains { $0.contains("Nombre=Gabi") })
        // Hugo's 17 digits: the CSV twin has them all, the workbook only what Excel kept; both reject the row.
        #expect(csv.rejects.count == 1 && sheet.rejects.count == 1)
        let reject = try #require(sheet.rejects.first?.first)
        #expect(reject.hasPrefix("3,invalid-number,"), "\(reject)")
        #expect(reject.contains("Excel keeps 15"), "\(reject)")
        #expect(csv.rejects.first?.first?.hasPrefix("3,invalid-number,") == true)
    }

    @Test func anUnknownSheetNamesTheSheetsThereAre() throws {
        let temp = try TemporaryDirectory()
        let config = try temp.write("config.yaml", "campaign: Ventas->\ninput:\n  sheet: Nope\n")
        let result = try Tool.run(
            ["validate", "-c", config, "--output-dir", temp.file("out"), "fixtures/xlsx/leads.xlsx"])
        #expect(result.status == 65)
        #expect(
            result.stderr.contains(
                "no sheet named 'Nope' (input.sheet); the sheets are: 'Leads', 'Otra' [sheet-not-found]"),
            "\(result.stderr)")
    }

    @Test(arguments: badWorkbooks)
    func aBadWorkbookFailsNamingTheFileAndSendsNothing(_ bad: (file: String, code: String, says: String)) throws {
        let temp = try TemporaryDirectory()
        let result = try Tool.run(
            [
                "validate", "-c", "fixtures/config.yaml", "--output-dir", temp.file("out"), bad.file,
                "fixtures/xlsx/leads.xlsx",
            ])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(bad.file): FAILED: "), "\(result.stderr)")
        #expect(result.stderr.contains(bad.says), "\(result.stderr)")
        #expect(result.stderr.contains("[\(bad.code)]"), "\(result.stderr)")
        // The good workbook after it still loads; nothing of the bad one is in a chunk.
        let chunks = try temp.chunks(in: "out")
        #expect(!chunks.isEmpty)
        #expect(chunks.allSatisfy { $0.hasPrefix("leads-xlsx-") }, "\(chunks)")
    }

    @Test func initDraftsAConfigFromAWorkbook() throws {
        let temp = try TemporaryDirectory()
        let draft = try Tool.run(["init", "fixtures/xlsx/leads.xlsx", "--campaign", "Ventas->", "--region", "UY"])
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.stdout.contains("# detected: sheet \"Leads\", 7 columns"), "\(draft.stdout)")
        #expect(draft.stdout.contains("  sheet: \"Leads\""), "\(draft.stdout)")
        #expect(draft.stdout.contains("number: \"Telefono\""), "\(draft.stdout)")
        let config = try temp.write("drafted.yaml", draft.stdout)
        let sheet = try validate("fixtures/xlsx/leads.xlsx", config: config, in: temp)
        #expect(sheet.report.rowsAccepted == 5)
    }
}
