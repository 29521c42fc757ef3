import Foundation
import PhoneNumbers
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// The config example of DESIGN.md, verbatim.
private let designExample = """
    server:
      url: https://acme.ucontactcloud.com   # or env UCONTACT_URL
      # credentials: env UCONTACT_USER + UCONTACT_PASSWORD, or UCONTACT_TOKEN (bearer); or *_file paths
    upload:
      username: nightly-loader              # the 'username' form field
      chunk_rows: 50000                     # and/or chunk_bytes
      concurrency: 2
    limits:
      max_reject_ratio: 0.5                 # above it the file fails and nothing of it is sent
    state_dir: /var/lib/dialer-ingest       # ledger + spool (a sensible per-user default when omitted)
    timezones:
      allowed: [America/Montevideo, America/Argentina/Buenos_Aires]   # optional allow-list
    watch:
      inbox: /srv/leads/inbox               # processing/, archive/, failed/ beside it unless configured
    campaign: "Ventas->"                    # default when rows carry no campaign column
    timezone: America/Montevideo            # optional: when set, uploadbasewithtimezone
    phone:
      default_region: UY                    # ISO 3166 region for numbers without +country
      format: national                      # national (digits of the national format) | e164 | international
    columns:                                # optional: auto-detected from headers when omitted
      number: Telefono
      alternatives: [Celular, Trabajo]      # or [{column: Celular, type: M}] for typed alternatives
      vars: [Nombre, Ciudad]                # or a map {key_in_uContact: column}
      priority: Prioridad
      agentphone: Agente
      campaign: campaign                    # per-row campaign → one upload group per campaign
      timezone: tz                          # per-row zone → one uploadbasewithtimezone group per zone
    """

/// The `IngestError` that parsing `yaml` throws, or nil (recording an issue) when it parses.
private func configError(_ yaml: String) -> IngestError? {
    do {
        _ = try IngestConfig.parse(yaml: yaml, file: "ingest.yaml")
        Issue.record("parsed without an error: \(yaml.debugDescription)")
    } catch let error as IngestError {
        #expect(error.code == .configInvalid)
        #expect(error.file == "ingest.yaml")
        #expect(error.exitCode == ExitCode.config)
        return error
    } catch {
        Issue.record("unexpected error \(error)")
    }
    return nil
}

@Suite("Config parsing")
struct ConfigTests {
    @Test func designExampleLoads() throws {
        let config = try IngestConfig.parse(yaml: designExample, file: "ingest.yaml")
        #expect(config.server.url == "https://acme.ucontactcloud.com")
        #expect(config.upload.username == "nightly-loader")
        #expect(config.upload.chunkRows == 50_000)
        #expect(config.upload.concurrency == 2)
        #expect(config.limits.maxRejectRatio == 0.5)
        #expect(config.stateDirectory == "/var/lib/dialer-ingest")
        #expect(config.timezones.allowed == ["America/Montevideo", "America/Argentina/Buenos_Aires"])
        #expect(config.watch.inbox == "/srv/leads/inbox")
        #expect(config.campaign == "Ventas->")
        #expect(config.timezone == "America/Montevideo")
        #expect(config.phone.defaultRegion == "UY")
        #expect(config.phone.format == .national)
        let columns = try #require(config.columns)
        #expect(columns.number == "Telefono")
        #expect(columns.alternatives == [.init(column: "Celular"), .init(column: "Trabajo")])
        #expect(columns.vars == [.init(key: "Nombre", column: "Nombre"), .init(key: "Ciudad", column: "Ciudad")])
        #expect(columns.priority == "Prioridad")
        #expect(columns.agentphone == "Agente")
        #expect(columns.campaign == "campaign")
        #expect(columns.timezone == "tz")
    }

    @Test(arguments: ["", "# only a comment\n", "---\n"])
    func emptyConfigHasTheDefaults(_ yaml: String) throws {
        let config = try IngestConfig.parse(yaml: yaml)
        #expect(config == IngestConfig())
        #expect(config.upload.chunkRows == 50_000)
        #expect(config.columns == nil)
    }

    @Test(arguments: [
        ("campaign: x\ncampaing: y\n", "'campaing'", 2),
        ("upload:\n  username: u\n  chunk_rowz: 5\n", "'upload.chunk_rowz'", 3),
        ("limits:\n\n  max_gzip: 5\n", "'limits.max_gzip'", 3),
        ("timezones:\n  allow: [UTC]\n", "'timezones.allow'", 2),
        ("phone:\n  region: UY\n", "'phone.region'", 2),
        ("columns:\n  number: Tel\n  numbers: [A]\n", "'columns.numbers'", 3),
        (
            "columns:\n  alternatives:\n    - Celular\n    - {column: Tel, kind: M}\n", "'columns.alternatives[].kind'",
            4
        ),
        ("server:\n  url: https://x\n  password: hunter2\n", "'server.password'", 3),
    ])
    func unknownKeysAreNamedWithTheirLine(_ yaml: String, _ key: String, _ line: Int) {
        let error = configError(yaml)
        #expect(error?.message.contains("unknown config key \(key)") == true, "\(error?.message ?? "")")
        #expect(error?.line == line)
    }

    @Test func unknownKeyErrorNeverPrintsTheValue() {
        let error = configError("server:\n  password: hunter2\n")
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test(arguments: [
        ("upload:\n  chunk_rows: many\n", "'upload.chunk_rows' must be a whole number", 2),
        ("upload:\n  chunk_rows: 5.5\n", "'upload.chunk_rows' must be a whole number", 2),
        ("campaign: [a, b]\n", "'campaign' must be a text value", 1),
        ("limits:\n  max_reject_ratio: half\n", "'limits.max_reject_ratio' must be a number", 2),
        ("timezones:\n  allowed: America/Montevideo\n", "'timezones.allowed' must be a list", 2),
        ("phone:\n  allowed_types: [mobile, [x]]\n", "'phone.allowed_types' must be a list of text values", 2),
        ("upload: 5\n", "'upload' must be a mapping", 1),
        ("- a\n- b\n", "'the config' must be a mapping", 1),
        ("columns:\n  alternatives: Celular\n", "'columns.alternatives' must be a list", 2),
        ("columns:\n  vars: 5\n", "'columns.vars' must be a list of columns or a map", 2),
        ("columns:\n  vars: [[a]]\n", "'columns.vars' list entries must be column names", 2),
        ("columns:\n  vars: {a: [b]}\n", "'columns.vars' must map uContact keys to column names", 2),
    ])
    func wrongTypesAreRefused(_ yaml: String, _ message: String, _ line: Int) {
        let error = configError(yaml)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
        #expect(error?.line == line)
    }

    @Test(arguments: [
        ("upload:\n  chunk_rows: 0\n", "upload.chunk_rows"),
        ("upload:\n  chunk_bytes: 1023\n", "upload.chunk_bytes"),
        ("upload:\n  concurrency: 0\n", "upload.concurrency"),
        ("upload:\n  concurrency: 17\n", "upload.concurrency"),
        ("limits:\n  max_reject_ratio: 1.5\n", "limits.max_reject_ratio"),
        ("limits:\n  max_reject_ratio: -0.1\n", "limits.max_reject_ratio"),
        ("limits:\n  max_reject_ratio: .nan\n", "limits.max_reject_ratio"),
        ("limits:\n  max_record_bytes: 1000\n", "limits.max_record_bytes"),
        ("limits:\n  max_gzip_ratio: 9\n", "limits.max_gzip_ratio"),
        ("dedupe:\n  scope: nightly\n", "dedupe.scope"),
        ("campaign: V\nmode: purge\n", "mode"),
        ("dedupe:\n  window_days: -1\n", "dedupe.window_days"),
        ("dedupe:\n  window_days: .nan\n", "dedupe.window_days"),
    ])
    func outOfRangeValuesAreRefused(_ yaml: String, _ key: String) {
        let error = configError(yaml)
        #expect(error?.message.contains("'\(key)' must be") == true, "\(error?.message ?? "")")
        #expect(error?.line == 2)
    }

    @Test func boundaryValuesAreAccepted() throws {
        let yaml = """
            upload:
              chunk_rows: 1
              chunk_bytes: 1024
              concurrency: 16
            limits:
              max_reject_ratio: 0
              max_record_bytes: 1024
              max_gzip_ratio: 10
            """
        let config = try IngestConfig.parse(yaml: yaml)
        #expect(config.upload.chunkRows == 1)
        #expect(config.upload.chunkBytes == 1024)
        #expect(config.upload.concurrency == 16)
        #expect(config.limits.maxRejectRatio == 0)
        #expect(config.limits.maxRecordBytes == 1024)
        #expect(config.limits.maxGzipRatio == 10)
        #expect(try IngestConfig.parse(yaml: "limits:\n  max_reject_ratio: 1\n").limits.maxRejectRatio == 1)
    }

    @Test func dedupeDefaultsToTheCampaignForHalfADay() throws {
        let defaults = try IngestConfig.parse(yaml: "")
        #expect(defaults.dedupe.scope == .campaign && defaults.dedupe.windowDays == 0.5)
        let set = try IngestConfig.parse(yaml: "dedupe:\n  scope: all\n  window_days: 90\n")
        #expect(set.dedupe.scope == .all && set.dedupe.windowDays == 90)
        #expect(defaults.mode == .load)
        #expect(try IngestConfig.parse(yaml: "mode: replace\n").mode == .replace)
    }

    @Test func regionsAreCheckedAndUpperCased() throws {
        #expect(try IngestConfig.parse(yaml: "phone:\n  default_region: ar\n").phone.defaultRegion == "AR")
        let error = configError("phone:\n  default_region: XX\n")
        #expect(error?.message.contains("XX is not a known region code") == true)
        #expect(error?.line == 2)
    }

    @Test(arguments: [
        ("timezone: America/Montevide\n", 1, "'timezone' America/Montevide is not an IANA time zone"),
        ("timezone: UYT\n", 1, "is not an IANA time zone"),
        ("campaign: x\ntimezones:\n  allowed: [America/Montevideo, Mars/Olympus]\n", 3, "Mars/Olympus"),
    ])
    func badTimezonesAreRefused(_ yaml: String, _ line: Int, _ message: String) {
        let error = configError(yaml)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
        #expect(error?.line == line)
    }

    @Test func autoTimezoneIsAccepted() throws {
        #expect(try IngestConfig.parse(yaml: "timezone: auto\n").timezone == "auto")
    }

    @Test func blankCampaignIsRefused() {
        let error = configError("campaign: \"   \"\n")
        #expect(error?.message.contains("'campaign' must not be empty") == true)
    }

    @Test func alternativesAsNamesAndTyped() throws {
        let yaml = """
            columns:
              alternatives:
                - Celular
                - {column: Trabajo, type: w}
                - column: Casa
            """
        let columns = try #require(try IngestConfig.parse(yaml: yaml).columns)
        #expect(
            columns.alternatives == [
                .init(column: "Celular"), .init(column: "Trabajo", type: "W"), .init(column: "Casa", type: nil),
            ])
    }

    @Test(arguments: [
        ("columns:\n  alternatives:\n    - {column: Trabajo, type: X}\n", "alternative type must be one of"),
        ("columns:\n  alternatives:\n    - {type: M}\n", "each typed alternative needs a 'column'"),
    ])
    func badTypedAlternativesAreRefused(_ yaml: String, _ message: String) {
        let error = configError(yaml)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
        #expect(error?.line == 3)
    }

    @Test func varsAsListAndAsMapKeepTheirOrder() throws {
        let list = try IngestConfig.parse(yaml: "columns:\n  vars: [Nombre, Ciudad, Edad]\n")
        #expect(list.columns?.vars?.map(\.key) == ["Nombre", "Ciudad", "Edad"])
        #expect(list.columns?.vars?.map(\.column) == ["Nombre", "Ciudad", "Edad"])
        let map = try IngestConfig.parse(
            yaml: "columns:\n  vars:\n    zeta: Nombre\n    alfa: Ciudad\n    medio: Edad\n")
        #expect(
            map.columns?.vars == [
                .init(key: "zeta", column: "Nombre"), .init(key: "alfa", column: "Ciudad"),
                .init(key: "medio", column: "Edad"),
            ])
    }

    @Test func jsonConfigIsAccepted() throws {
        let json = """
            {"campaign": "Cobranzas", "upload": {"chunk_rows": 1000, "chunk_bytes": 65536},
             "phone": {"default_region": "AR", "format": "e164", "allowed_types": ["mobile", "fixed-line"]},
             "input": {"delimiter": "tab", "encoding": "cp1252"},
             "columns": {"number": "phone", "alternatives": [{"column": "cell", "type": "M"}],
                         "vars": {"name": "Full Name"}}}
            """
        let config = try IngestConfig.parse(yaml: json)
        #expect(config.campaign == "Cobranzas")
        #expect(config.upload.chunkRows == 1000)
        #expect(config.upload.chunkBytes == 65536)
        #expect(config.phone.defaultRegion == "AR")
        #expect(config.phone.format == .e164)
        #expect(config.phone.allowedTypes == [.mobile, .fixedLine])
        #expect(config.input.delimiter == 0x09)
        #expect(config.input.encoding == .windows1252)
        #expect(config.columns?.alternatives == [.init(column: "cell", type: "M")])
        #expect(config.columns?.vars == [.init(key: "name", column: "Full Name")])
    }

    @Test func jsonUnknownKeyIsNamed() {
        let error = configError("{\"upload\": {\"chunk_rowz\": 5}}")
        #expect(error?.message.contains("'upload.chunk_rowz'") == true)
        #expect(error?.line == 1)
    }

    @Test(
        arguments: [("\",\"", 0x2C), ("\";\"", 0x3B), ("\"|\"", 0x7C), ("TAB", 0x09), ("\"\\t\"", 0x09)]
            as [(String, UInt8)])
    func delimiters(_ yamlValue: String, _ byte: UInt8) throws {
        let config = try IngestConfig.parse(yaml: "input:\n  delimiter: \(yamlValue)\n")
        #expect(config.input.delimiter == byte)
    }

    @Test func badInputSettingsAreRefused() {
        #expect(configError("input:\n  delimiter: \"#\"\n")?.message.contains("'input.delimiter' must be") == true)
        #expect(configError("input:\n  encoding: ebcdic\n")?.message.contains("'input.encoding' must be") == true)
        #expect(configError("phone:\n  format: E.164\n")?.message.contains("'phone.format' must be") == true)
        #expect(configError("phone:\n  allowed_types: [cell]\n")?.message.contains("unknown type 'cell'") == true)
    }

    @Test(arguments: ["campaign: [unclosed\n", "a: b\n  c: d\n", "campaign: a\ncampaign: b\n"])
    func malformedYAMLIsAConfigError(_ yaml: String) {
        #expect(configError(yaml) != nil)
    }

    @Test func loadReadsAFileAndNamesItInErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("di-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.yaml")
        try Data(designExample.utf8).write(to: good)
        #expect(try IngestConfig.load(path: good.path).campaign == "Ventas->")

        let bad = folder.appendingPathComponent("bad.yaml")
        try Data("upload:\n  chunk_rowz: 1\n".utf8).write(to: bad)
        for path in [bad.path, folder.appendingPathComponent("missing.yaml").path] {
            do {
                _ = try IngestConfig.load(path: path)
                Issue.record("\(path) loaded")
            } catch let error as IngestError {
                #expect(error.code == .configInvalid)
                #expect(error.file == path)
            }
        }
    }
}
