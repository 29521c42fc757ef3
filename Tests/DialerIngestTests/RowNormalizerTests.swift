import Foundation
import PhoneNumbers
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// Header of the hand-built records: the index of each name is its column.
private let headers = ["Nombre", "Telefono", "Celular", "Trabajo", "Prioridad", "Agente", "Campana", "Zona"]

private func testRecord(_ fields: [String], line: Int = 7) -> CSVRecord {
    var record = CSVRecord()
    for field in fields {
        record.bytes.append(contentsOf: field.utf8)
        record.fieldEnds.append(record.bytes.count)
    }
    record.line = line
    return record
}

/// Fields for `headers`, by name; the rest empty.
private func row(_ values: [String: String]) -> [String] {
    headers.map { values[$0] ?? "" }
}

private func testMap(vars: [(String, Int)] = [("Nombre", 0)], alternatives: [ColumnMap.Alternative] = []) -> ColumnMap {
    var map = ColumnMap(headers: headers, number: 1, alternatives: alternatives)
    map.vars = vars.map { ColumnMap.Variable(key: $0.0, index: $0.1) }
    map.priority = 4
    map.agentphone = 5
    return map
}

private func testConfig(_ edit: (inout IngestConfig) -> Void = { _ in }) -> IngestConfig {
    var config = IngestConfig()
    config.campaign = "Ventas->"
    edit(&config)
    return config
}

/// The output line of one row, or the reject.
private func normalize(
    _ fields: [String], map: ColumnMap = testMap(), config: IngestConfig = testConfig()
) -> Result<(line: String, accepted: Routed), Reject> {
    let normalizer = RowNormalizer(map: map, config: config)
    return normalizer.normalize(testRecord(fields)).map {
        (String(decoding: normalizer.line, as: UTF8.self), Routed(accepted: $0, route: normalizer.routes[$0.route]))
    }
}

/// An accepted row with its route spelled out.
private struct Routed {
    var accepted: RowNormalizer.Accepted
    var route: RowNormalizer.Route
    var campaign: String { route.campaign }
    var zone: String? { route.zone }
    var numberKey: UInt64 { accepted.numberKey }
}

private func line(_ fields: [String], map: ColumnMap = testMap(), config: IngestConfig = testConfig()) -> String? {
    try? normalize(fields, map: map, config: config).get().line
}

private func reject(_ fields: [String], map: ColumnMap = testMap(), config: IngestConfig = testConfig()) -> Reject? {
    guard case .failure(let reject) = normalize(fields, map: map, config: config) else { return nil }
    #expect(reject.line == 7)
    return reject
}

@Suite("Row normalisation")
struct RowNormalizerTests {
    @Test func fullLine() {
        let fields = row([
            "Nombre": "Ana", "Telefono": "098 344 484", "Celular": "099123456", "Prioridad": "5", "Agente": "1234",
        ])
        let alternatives = [ColumnMap.Alternative(index: 2, type: nil)]
        #expect(
            line(fields, map: testMap(alternatives: alternatives)) == "Ventas->;098344484;Nombre=Ana;099123456;5;1234\n"
        )
    }

    @Test func minimalLineHasSixFields() {
        #expect(line(row(["Telefono": "+598 98 344 484"]), map: testMap(vars: [])) == "Ventas->;098344484;;;;\n")
    }

    @Test(
        arguments: [
            ("Ana;María", "Ana María", 1),
            ("a:b=c", "a b c", 1),
            ("  line1\r\nline2\t ", "line1 line2", 1),
            ("x ;:= y", "x y", 1),
            (";;;", "", 1),
            ("Ñandú\u{7F}Pérez", "Ñandú Pérez", 1),
            ("  spaced   out  ", "spaced out", nil),
            ("plain", "plain", 0),
        ] as [(String, String, Int?)])
    func reservedCharactersBecomeOneSpace(_ value: String, _ expected: String, _ counted: Int?) {
        let normalizer = RowNormalizer(map: testMap(), config: testConfig())
        let result = normalizer.normalize(testRecord(row(["Nombre": value, "Telefono": "098344484"])))
        #expect((try? result.get()) != nil)
        #expect(String(decoding: normalizer.line, as: UTF8.self) == "Ventas->;098344484;Nombre=\(expected);;;\n")
        if let counted { #expect(normalizer.fieldsSanitized == counted) }
    }

    @Test func varsFollowTheMapOrderAndKeepEmptyValues() {
        let vars = [("Ciudad", 2), ("Nombre", 0), ("Edad", 3)]
        let fields = row(["Nombre": "Ana", "Telefono": "098344484", "Celular": "Salto"])
        #expect(line(fields, map: testMap(vars: vars)) == "Ventas->;098344484;Ciudad=Salto:Nombre=Ana:Edad=;;;\n")
        // A short record: the missing cells are empty values.
        #expect(
            line(["Ana", "098344484"], map: testMap(vars: vars)) == "Ventas->;098344484;Ciudad=:Nombre=Ana:Edad=;;;\n")
    }

    @Test func alternativesAreValidatedDedupedAndCounted() {
        let normalizer = RowNormalizer(
            map: testMap(vars: [], alternatives: [2, 3, 6, 7].map { .init(index: $0, type: nil) }), config: testConfig()
        )
        let fields = ["", "098344484", "12", "+598 98 344 484", "", "", "099 123 456", "099123456"]
        let result = normalizer.normalize(testRecord(fields))
        #expect((try? result.get()) != nil)
        // "12" is invalid, the second is the main number again, the last repeats the third.
        #expect(String(decoding: normalizer.line, as: UTF8.self) == "Ventas->;098344484;;099123456;;\n")
        #expect(normalizer.alternativesDropped == 3)
        // Empty alternatives are simply absent, not dropped.
        _ = normalizer.normalize(testRecord(["", "098344484"]))
        #expect(normalizer.alternativesDropped == 3)
    }

    @Test func typedAlternatives() {
        let alternatives: [ColumnMap.Alternative] = [.init(index: 2, type: "M"), .init(index: 3, type: "W")]
        let fields = row(["Telefono": "098344484", "Celular": "099123456", "Trabajo": "2400 1234"])
        #expect(
            line(fields, map: testMap(vars: [], alternatives: alternatives))
                == "Ventas->;098344484;;M=0=099123456:W=0=24001234;;\n")
    }

    @Test(arguments: [("", ""), ("2", "2"), ("9999", "9999"), (" 7 ", "7"), ("0042", "42")])
    func validPriorities(_ value: String, _ written: String) {
        #expect(
            line(row(["Telefono": "098344484", "Prioridad": value]), map: testMap(vars: []))
                == "Ventas->;098344484;;;\(written);\n")
    }

    @Test(arguments: ["1", "0", "10000", "abc", "5.0", "-3", "1 2", "9999999999999999999999"])
    func invalidPriorities(_ value: String) {
        #expect(reject(row(["Telefono": "098344484", "Prioridad": value]))?.reason == .invalidPriority)
    }

    @Test(arguments: [("1234", "1234"), (" 55 ", "55"), ("", "")])
    func validAgentphones(_ value: String, _ written: String) {
        #expect(
            line(row(["Telefono": "098344484", "Agente": value]), map: testMap(vars: []))
                == "Ventas->;098344484;;;;\(written)\n")
    }

    @Test(arguments: ["12a", "+598", "1 2", "1;2", "ext. 5"])
    func invalidAgentphones(_ value: String) {
        #expect(reject(row(["Telefono": "098344484", "Agente": value]))?.reason == .invalidAgentphone)
    }

    @Test(arguments: [
        ("", RejectReason.missingNumber), ("9.83E+07", .invalidNumber), ("9,83477E+11", .invalidNumber),
        ("123", .invalidNumber), ("abc", .invalidNumber), ("0983444841234567", .invalidNumber),
        ("+999 1234 5678", .invalidNumber),
    ])
    func badNumbersAreRejected(_ value: String, _ reason: RejectReason) {
        let problem = reject(row(["Nombre": "Ana", "Telefono": value]))
        #expect(problem?.reason == reason)
        #expect(problem?.detail.isEmpty == false)
    }

    @Test func scientificNotationSaysTheDigitsWereLost() {
        #expect(reject(row(["Telefono": "9.83E+07"]))?.detail.contains("scientific notation") == true)
    }

    @Test func extraFieldsOnlyMatterWhenNotEmpty() {
        let base = row(["Telefono": "098344484"])
        #expect(line(base + ["", "  "], map: testMap(vars: [])) == "Ventas->;098344484;;;;\n")
        let problem = reject(base + ["", "oops"])
        #expect(problem?.reason == .tooManyFields)
        #expect(problem?.detail.contains("10 fields, the header has 8") == true)
    }

    @Test func campaignFromColumnWithFallback() throws {
        var withCampaign = testMap(vars: [])
        withCampaign.campaign = 6
        let fromColumn = try normalize(row(["Telefono": "098344484", "Campana": " Cobranzas;Q1 "]), map: withCampaign)
            .get()
        #expect(fromColumn.line == "Cobranzas Q1;098344484;;;;\n")
        #expect(fromColumn.accepted.campaign == "Cobranzas Q1")
        let fallback = try normalize(row(["Telefono": "098344484", "Campana": "  "]), map: withCampaign).get()
        #expect(fallback.accepted.campaign == "Ventas->")
        let none = testConfig { $0.campaign = nil }
        let missing = reject(row(["Telefono": "098344484"]), map: withCampaign, config: none)
        #expect(missing?.reason == .missingCampaign)
    }

    @Test func zoneFromColumnFromConfigOrNone() throws {
        var withZone = testMap(vars: [])
        withZone.timezone = 7
        let fields = row(["Telefono": "098344484", "Zona": "America/Argentina/Buenos_Aires"])
        #expect(try normalize(fields, map: withZone).get().accepted.zone == "America/Argentina/Buenos_Aires")
        let zoned = testConfig { $0.timezone = "America/Montevideo" }
        #expect(
            try normalize(row(["Telefono": "098344484"]), map: withZone, config: zoned).get().accepted.zone
                == "America/Montevideo")
        #expect(try normalize(row(["Telefono": "098344484"]), map: withZone).get().accepted.zone == nil)
    }

    @Test(arguments: [
        ("Mars/Olympus", "not an IANA time zone"), ("UYT", "not an IANA time zone"),
        ("America/Argentina/Buenos_Aires", "not in timezones.allowed"),
    ])
    func badZonesAreRejected(_ zone: String, _ problem: String) {
        var withZone = testMap(vars: [])
        withZone.timezone = 7
        let allowed = testConfig { $0.timezones.allowed = ["America/Montevideo"] }
        let rejected = reject(row(["Telefono": "098344484", "Zona": zone]), map: withZone, config: allowed)
        #expect(rejected?.reason == .invalidTimezone)
        #expect(rejected?.detail.contains(problem) == true)
        #expect(
            line(row(["Telefono": "098344484", "Zona": "America/Montevideo"]), map: withZone, config: allowed) != nil)
    }

    @Test(arguments: [
        (PhoneFormat.e164, "+59898344484", "+59899123456"), (.international, "59898344484", "59899123456"),
    ])
    func phoneFormats(_ format: PhoneFormat, _ number: String, _ alternative: String) {
        let fields = row(["Telefono": "098344484", "Celular": "099123456"])
        let formatted = testConfig { $0.phone.format = format }
        let alternatives = [ColumnMap.Alternative(index: 2, type: "M")]
        #expect(
            line(fields, map: testMap(vars: [], alternatives: alternatives), config: formatted)
                == "Ventas->;\(number);;M=0=\(alternative);;\n")
    }

    @Test func allowedTypesRejectOtherNumbers() {
        let mobileOnly = testConfig { $0.phone.allowedTypes = [.mobile] }
        #expect(reject(row(["Telefono": "2400 1234"]), config: mobileOnly)?.reason == .wrongNumberType)
        #expect(
            line(row(["Telefono": "098344484"]), map: testMap(vars: []), config: mobileOnly)
                == "Ventas->;098344484;;;;\n")
    }

    @Test func numberKeyIdentifiesTheNumberWhateverItsSpelling() throws {
        let keys = try ["098344484", "+598 98 344 484", "(098) 344-484", "099123456"].map {
            try normalize(row(["Telefono": $0])).get().accepted.numberKey
        }
        #expect(keys[0] == keys[1])
        #expect(keys[0] == keys[2])
        #expect(keys[0] != keys[3])
        #expect(keys[0] == 59_898_344_484)
    }
}

@Suite("Deduper")
struct DeduperTests {
    @Test func duplicatesPerCampaign() {
        var deduper = Deduper()
        let results = [(1, 0), (1, 0), (1, 1), (2, 0), (1, 1)].map { deduper.insert($0.0, campaign: $0.1) }
        #expect(results == [true, false, true, true, false])
    }

    @Test func commitKeepsAndDiscardForgetsTheFilesNumbers() {
        var deduper = Deduper()
        var results: [Bool] = []
        results.append(deduper.insert(1, campaign: 0))
        deduper.commit()
        results.append(deduper.insert(1, campaign: 0))  // committed: a duplicate
        results.append(deduper.insert(2, campaign: 0))
        deduper.discard()
        // The failed file's 2 is forgotten; the committed 1 is not.
        results.append(deduper.insert(2, campaign: 0))
        deduper.discard()
        results.append(deduper.insert(1, campaign: 0))
        results.append(deduper.insert(2, campaign: 0))
        deduper.commit()
        results.append(deduper.insert(2, campaign: 0))
        #expect(results == [true, false, true, true, false, true, false])
    }

    @Test func manyNumbersThroughGrowthCommitAndDiscard() {
        var deduper = Deduper()
        // 200,000 keys: the table grows several times; keys differ only in low digits, like real numbers.
        let first = (0..<100_000).map { 59_899_000_000 + UInt64($0) }
        let second = (100_000..<200_000).map { 59_899_000_000 + UInt64($0) }
        #expect(first.allSatisfy { deduper.insert($0, campaign: 0) })
        deduper.commit()
        #expect(second.allSatisfy { deduper.insert($0, campaign: 0) })
        #expect(!first.contains { deduper.insert($0, campaign: 0) })
        deduper.discard()  // the second file failed: its numbers are new again, the first file's are not
        #expect(second.allSatisfy { deduper.insert($0, campaign: 0) })
        #expect(!first.contains { deduper.insert($0, campaign: 0) })
        #expect(first.allSatisfy { deduper.insert($0, campaign: 1) })
    }
}

@Suite("Field sanitizer")
struct FieldSanitizerTests {
    @Test(arguments: [
        ("a;b:c=d", "a b c d", true), ("\t lead \r\n", "lead", true), ("a  b", "a b", false), ("", "", false),
        ("   ", "", false), ("a\u{0}b", "a b", true), ("José ñ €", "José ñ €", false),
    ])
    func sanitizes(_ input: String, _ output: String, _ replaced: Bool) {
        #expect(FieldSanitizer.sanitized(input) == output)
        var bytes = Array(input.utf8)
        var out: [UInt8] = Array("k=".utf8)
        let didReplace = bytes.withUnsafeMutableBufferPointer {
            FieldSanitizer.append(UnsafeBufferPointer($0), to: &out)
        }
        #expect(didReplace == replaced)
        #expect(String(decoding: out, as: UTF8.self) == "k=" + output)
        let empty = bytes.withUnsafeMutableBufferPointer { FieldSanitizer.isEmpty(UnsafeBufferPointer($0)) }
        #expect(empty == output.isEmpty)
    }
}

@Suite("Chunk names")
struct ChunkNameTests {
    private static let sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

    private static func isSafe(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789._-".unicodeScalars.contains($0))
            }
    }

    @Test func shape() {
        #expect(
            ChunkName.make(stem: "leads", sha256: Self.sha, campaign: "Ventas", zone: nil, index: 3)
                == "leads_01234567_Ventas_0003.txt")
        #expect(
            ChunkName.make(stem: "a", sha256: Self.sha, campaign: "B", zone: nil, index: 12_345).hasSuffix("_12345.txt")
        )
    }

    @Test(arguments: [
        "Ventas->", "Ventas<-", "Campaña ñ", "a/b\\c", "../../etc", "x y", "日本", "", "Ventas_1", "Ventas-1",
    ])
    func namesAreSafeAndDeterministic(_ campaign: String) {
        let name = ChunkName.make(
            stem: "my leads (1)", sha256: Self.sha, campaign: campaign, zone: "America/Montevideo", index: 1)
        #expect(Self.isSafe(name), "\(name)")
        #expect(!name.contains(".."))
        #expect(
            name
                == ChunkName.make(
                    stem: "my leads (1)", sha256: Self.sha, campaign: campaign, zone: "America/Montevideo", index: 1))
    }

    @Test func differentCampaignsGetDifferentNames() {
        let campaigns = [
            "Ventas->", "Ventas<-", "Ventas", "Ventas_1", "Ventas-1", "Ventas 1",
            String(repeating: "a", count: 41), String(repeating: "a", count: 42),
        ]
        let names = campaigns.map { ChunkName.make(stem: "f", sha256: Self.sha, campaign: $0, zone: nil, index: 1) }
        #expect(Set(names).count == campaigns.count, "\(names)")
        #expect(
            ChunkName.make(stem: "f", sha256: Self.sha, campaign: "V", zone: "America/Montevideo", index: 1)
                != ChunkName.make(
                    stem: "f", sha256: Self.sha, campaign: "V", zone: "America/Argentina/Buenos_Aires", index: 1))
    }

    @Test(arguments: [
        ("/in/leads.csv", "leads"), ("/in/Leads.CSV.gz", "Leads"), ("base.txt", "base"), ("x.tsv.gz", "x"),
        ("/in/.csv", "input"), ("noext", "noext"),
    ])
    func stems(_ path: String, _ stem: String) {
        #expect(ChunkName.stem(ofPath: path) == stem)
    }
}

@Suite("Chunk spool")
struct ChunkSpoolTests {
    private final class Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("di-spool-\(UUID().uuidString)").path
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func contents() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
    }

    private static func lines(_ count: Int, width: Int = 10) -> [[UInt8]] {
        (0..<count).map { index in
            let text = String(index)
            return Array((String(repeating: "x", count: width - 1 - text.count) + text + "\n").utf8)
        }
    }

    private static func read(_ chunk: SpooledChunk) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: chunk.path)))
    }

    @Test(arguments: [(1, 7), (3, 7), (3, 9), (5, 3), (10, 10)])
    func rowLimitIsExact(_ maxRows: Int, _ count: Int) throws {
        let folder = Folder()
        let spool = try ChunkSpool(
            directory: folder.path, stagingName: ".staging-0", maxRows: maxRows, maxBytes: 1 << 20)
        let lines = Self.lines(count)
        for line in lines { try spool.append(line[...], campaign: "Ventas", zone: nil) }
        let chunks = try spool.finish(stem: "leads", sha256: "ab12cd34ef")
        let expectedRows = stride(from: 0, to: count, by: maxRows).map { min(maxRows, count - $0) }
        #expect(chunks.map(\.rows) == expectedRows)
        #expect(chunks.map(\.bytes) == expectedRows.map { $0 * 10 })
        #expect(try chunks.flatMap(Self.read) == lines.flatMap { $0 })
        #expect(
            chunks.map(\.filename)
                == chunks.indices.map {
                    ChunkName.make(stem: "leads", sha256: "ab12cd34ef", campaign: "Ventas", zone: nil, index: $0 + 1)
                })
        #expect(folder.contents() == chunks.map(\.filename).sorted())
    }

    @Test(arguments: [(29, 2), (30, 3), (31, 3), (1024, 102)])
    func byteLimitIsExact(_ maxBytes: Int, _ perChunk: Int) throws {
        let folder = Folder()
        let spool = try ChunkSpool(directory: folder.path, stagingName: ".s", maxRows: 1000, maxBytes: maxBytes)
        let lines = Self.lines(250)
        for line in lines { try spool.append(line[...], campaign: "C", zone: "America/Montevideo") }
        let chunks = try spool.finish(stem: "f", sha256: "00")
        #expect(chunks.allSatisfy { $0.bytes <= maxBytes && $0.endpoint == "uploadbasewithtimezone" })
        #expect(chunks.dropLast().allSatisfy { $0.rows == perChunk })
        #expect(chunks.map(\.rows).reduce(0, +) == 250)
        #expect(try chunks.flatMap(Self.read) == lines.flatMap { $0 })
    }

    @Test func groupsAreSeparateAndOrderedByFirstAppearance() throws {
        let folder = Folder()
        let spool = try ChunkSpool(directory: folder.path, stagingName: ".s", maxRows: 2, maxBytes: 1 << 20)
        let lines = Self.lines(5)
        for (index, campaign) in ["B", "A", "B", "B", "A"].enumerated() {
            try spool.append(lines[index][...], campaign: campaign, zone: nil)
        }
        let chunks = try spool.finish(stem: "f", sha256: "ffffffff")
        #expect(chunks.map(\.campaign) == ["B", "B", "A"])
        #expect(chunks.map(\.rows) == [2, 1, 2])
        #expect(chunks.map(\.filename) == ["f_ffffffff_B_0001.txt", "f_ffffffff_B_0002.txt", "f_ffffffff_A_0001.txt"])
        #expect(chunks.allSatisfy { $0.endpoint == "uploadbase" && $0.timezone == nil })
        #expect(try Self.read(chunks[2]) == lines[1] + lines[4])
    }

    @Test func discardLeavesNoFile() throws {
        let folder = Folder()
        let spool = try ChunkSpool(directory: folder.path, stagingName: ".staging-3", maxRows: 2, maxBytes: 1 << 20)
        for line in Self.lines(5) { try spool.append(line[...], campaign: "A", zone: nil) }
        #expect(folder.contents() == [".staging-3"])
        spool.discard()
        #expect(folder.contents().isEmpty)
    }
}

@Suite("Rejects CSV cells")
struct RejectsWriterTests {
    @Test(arguments: [
        ("plain", "plain"), ("=SUM(A1)", "'=SUM(A1)"), ("+59899", "'+59899"), ("-5", "'-5"), ("@cmd", "'@cmd"),
        ("\tx", "'\tx"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("l1\nl2", "\"l1\nl2\""),
        ("=1,2", "\"'=1,2\""), ("\rx", "\"'\rx\""), ("", ""), ("a=b", "a=b"),
    ])
    func cells(_ value: String, _ cell: String) {
        #expect(RejectsWriter.cell(value) == cell)
    }

    @Test func writesAHeaderAndOneLinePerReject() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("di-rejects-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("rejects.csv").path
        let writer = try RejectsWriter(path: path)
        try writer.write(file: "a,b.csv", line: 9, reason: .invalidNumber, detail: "too short", raw: "=cmd;12")
        try writer.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "file,line,reason,detail,raw\n\"a,b.csv\",9,invalid-number,too short,'=cmd;12\n")
    }

    @Test func aLongRawIsCutAtACharacterBoundary() {
        // 1999 ASCII bytes then a 2-byte character straddling the 2000-byte limit: the cut goes before it.
        let bytes = Array((String(repeating: "a", count: 1999) + "é" + "tail").utf8)
        #expect(bytes.withUnsafeBufferPointer { RejectsWriter.cutPoint($0, limit: RejectsWriter.rawLimit) } == 1999)
        let short = Array("short".utf8)
        #expect(short.withUnsafeBufferPointer { RejectsWriter.cutPoint($0, limit: RejectsWriter.rawLimit) } == 5)
    }
}

@Suite struct ExtensionTests {
    @Test func anExtensionIsNotPartOfTheDialledNumber() throws {
        var config = IngestConfig()
        config.campaign = "C->"
        let map = ColumnMap(headers: ["tel", "alt"], number: 0, alternatives: [.init(index: 1, type: nil)])
        let normalizer = RowNormalizer(map: map, config: config)
        var record = CSVRecord()
        record.bytes = Array("098 344 484 ext. 12099 124 484 x 7".utf8)
        record.fieldEnds = [20, record.bytes.count]
        record.line = 2
        guard case .success = normalizer.normalize(record) else {
            Issue.record("the row must be accepted")
            return
        }
        #expect(String(decoding: normalizer.line, as: UTF8.self) == "C->;098344484;;099124484;;\n")
    }
}
