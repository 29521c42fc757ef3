import Foundation
import PhoneNumbers
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// Header of the hand-built records: the index of each name is its column.
let headers = ["Nombre", "Telefono", "Celular", "Trabajo", "Prioridad", "Agente", "Campana", "Zona"]

func testRecord(_ fields: [String], line: Int = 7) -> CSVRecord {
    var record = CSVRecord()
    for field in fields {
        record.bytes.append(contentsOf: field.utf8)
        record.fieldEnds.append(record.bytes.count)
    }
    record.line = line
    return record
}

/// Fields for `headers`, by name; the rest empty.
func row(_ values: [String: String]) -> [String] {
    headers.map { values[$0] ?? "" }
}

func testMap(vars: [(String, Int)] = [("Nombre", 0)], alternatives: [ColumnMap.Alternative] = []) -> ColumnMap {
    var map = ColumnMap(headers: headers, number: 1, alternatives: alternatives)
    map.vars = vars.map { ColumnMap.Variable(key: $0.0, index: $0.1) }
    map.priority = 4
    map.agentphone = 5
    return map
}

func testConfig(_ edit: (inout IngestConfig) -> Void = { _ in }) -> IngestConfig {
    var config = IngestConfig()
    config.campaign = "Ventas->"
    edit(&config)
    return config
}

/// The output line of one row, or the reject.
func normalize(
    _ fields: [String], map: ColumnMap = testMap(), config: IngestConfig = testConfig()
) -> Result<(line: String, accepted: Routed), Reject> {
    let normalizer = RowNormalizer(map: map, config: config)
    return normalizer.normalize(testRecord(fields)).map {
        (String(decoding: normalizer.line, as: UTF8.self), Routed(accepted: $0, route: normalizer.routes[$0.route]))
    }
}

/// An accepted row with its route spelled out.
struct Routed {
    var accepted: RowNormalizer.Accepted
    var route: RowNormalizer.Route
    var campaign: String { route.campaign }
    var zone: String? { route.zone }
    var numberKey: UInt64 { accepted.numberKey }
}

func line(_ fields: [String], map: ColumnMap = testMap(), config: IngestConfig = testConfig()) -> String? {
    try? normalize(fields, map: map, config: config).get().line
}

func reject(_ fields: [String], map: ColumnMap = testMap(), config: IngestConfig = testConfig()) -> Reject? {
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
