import Foundation
import PhoneNumbers
import Yams

extension IngestConfig {
    /// Reads and validates a YAML (or JSON) config file.
    /// - Throws: `IngestError` with code `config-invalid`, naming the file, key and line.
    public static func load(path: String) throws -> IngestConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw IngestError(.configInvalid, "cannot read the config file", file: path, cause: error)
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses config text; `file` names it in errors.
    public static func parse(yaml: String, file: String = "config") throws -> IngestConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw IngestError(.configInvalid, "not valid YAML: \(Self.describe(error))", file: file)
        } catch {
            throw IngestError(.configInvalid, "not valid YAML", file: file)
        }
        var config = IngestConfig()
        // An empty document (`---` alone, `~`) is an empty config, like an empty file.
        guard let root, root.null == nil else { return config }
        let top = try YAMLSection(root, path: "", file: file)
        try top.requireKnownKeys([
            "server", "upload", "limits", "input", "state_dir", "timezones", "watch", "campaign", "timezone",
            "phone", "columns", "dedupe", "mode", "suppression",
        ])
        try config.readServer(top.section("server"))
        try config.readUpload(top.section("upload"))
        try config.readLimits(top.section("limits"))
        try config.readInput(top.section("input"))
        try config.readDedupe(top.section("dedupe"))
        try config.readPhone(top.section("phone"))
        config.stateDirectory = try top.string("state_dir")
        config.campaign = try top.string("campaign")
        config.timezone = try top.string("timezone")
        config.mode = try top.choice("mode") ?? config.mode
        if let node = top.node("suppression") {
            config.suppression = try Self.readSuppression(node, file: file)
        }
        if let zones = try top.section("timezones") {
            try zones.requireKnownKeys(["allowed"])
            config.timezones.allowed = try zones.strings("allowed")
        }
        if let watch = try top.section("watch") {
            config.watch = try Watch.read(watch)
        }
        if let columns = try top.section("columns") {
            config.columns = try Self.readColumns(columns)
        }
        try config.validate(file: file, top: top)
        return config
    }

    private mutating func readServer(_ section: YAMLSection?) throws {
        guard let section else { return }
        try section.requireKnownKeys(["url", "user_file", "password_file", "token_file", "ca_file", "check_campaigns"])
        server.url = try section.string("url")
        server.userFile = try section.string("user_file")
        server.passwordFile = try section.string("password_file")
        server.tokenFile = try section.string("token_file")
        server.caFile = try section.string("ca_file")
        server.checkCampaigns = try section.choice("check_campaigns") ?? server.checkCampaigns
    }

    private mutating func readUpload(_ section: YAMLSection?) throws {
        guard let section else { return }
        try section.requireKnownKeys([
            "username", "chunk_rows", "chunk_bytes", "concurrency", "max_attempts", "retry_base_ms", "retry_max_ms",
            "timeout_seconds", "max_consecutive_failures",
        ])
        let positive: [(String, WritableKeyPath<Upload, Int>)] = [
            ("timeout_seconds", \.timeoutSeconds), ("max_consecutive_failures", \.maxConsecutiveFailures),
            ("max_attempts", \.retry.maxAttempts),
        ]
        for (key, path) in positive {
            guard let value = try section.int(key) else { continue }
            guard value >= 1 else { throw section.error("'upload.\(key)' must be at least 1", at: key) }
            upload[keyPath: path] = value
        }
        if let base = try section.int("retry_base_ms") {
            guard base >= 0 else {
                throw section.error("'upload.retry_base_ms' must not be negative", at: "retry_base_ms")
            }
            upload.retry.baseDelay = .milliseconds(base)
        }
        if let cap = try section.int("retry_max_ms") {
            guard cap >= 0 else {
                throw section.error("'upload.retry_max_ms' must not be negative", at: "retry_max_ms")
            }
            upload.retry.maxDelay = .milliseconds(cap)
        }
        upload.username = try section.string("username")
        if let rows = try section.int("chunk_rows") {
            guard rows >= 1 else { throw section.error("'upload.chunk_rows' must be at least 1", at: "chunk_rows") }
            upload.chunkRows = rows
        }
        if let bytes = try section.int("chunk_bytes") {
            guard bytes >= 1024 else {
                throw section.error("'upload.chunk_bytes' must be at least 1024", at: "chunk_bytes")
            }
            upload.chunkBytes = bytes
        }
        if let concurrency = try section.int("concurrency") {
            guard (1...16).contains(concurrency) else {
                throw section.error("'upload.concurrency' must be between 1 and 16", at: "concurrency")
            }
            upload.concurrency = concurrency
        }
    }

    private mutating func readLimits(_ section: YAMLSection?) throws {
        guard let section else { return }
        try section.requireKnownKeys([
            "max_reject_ratio", "max_record_bytes", "max_gzip_ratio", "max_zip_ratio", "duplicate_keys_in_memory",
        ])
        if let ratio = try section.double("max_reject_ratio") {
            guard (0...1).contains(ratio) else {
                throw section.error("'limits.max_reject_ratio' must be between 0 and 1", at: "max_reject_ratio")
            }
            limits.maxRejectRatio = ratio
        }
        if let bytes = try section.int("max_record_bytes") {
            guard bytes >= 1024 else {
                throw section.error("'limits.max_record_bytes' must be at least 1024", at: "max_record_bytes")
            }
            limits.maxRecordBytes = bytes
        }
        if let ratio = try section.int("max_gzip_ratio") {
            guard ratio >= 10 else {
                throw section.error("'limits.max_gzip_ratio' must be at least 10", at: "max_gzip_ratio")
            }
            limits.maxGzipRatio = ratio
        }
        if let ratio = try section.int("max_zip_ratio") {
            guard ratio >= 10 else {
                throw section.error("'limits.max_zip_ratio' must be at least 10", at: "max_zip_ratio")
            }
            limits.maxZipRatio = ratio
        }
        if let keys = try section.int("duplicate_keys_in_memory") {
            guard keys >= 1 else {
                throw section.error(
                    "'limits.duplicate_keys_in_memory' must be at least 1", at: "duplicate_keys_in_memory")
            }
            limits.duplicateKeysInMemory = keys
        }
    }

    private mutating func readDedupe(_ section: YAMLSection?) throws {
        guard let section else { return }
        try section.requireKnownKeys(["scope", "window_days"])
        dedupe.scope = try section.choice("scope") ?? dedupe.scope
        if let days = try section.double("window_days") {
            guard days >= 0 && days <= 3660 else {
                throw section.error("'dedupe.window_days' must be between 0 and 3660", at: "window_days")
            }
            dedupe.windowDays = days
        }
    }

    private mutating func readInput(_ section: YAMLSection?) throws {
        guard let section else { return }
        try section.requireKnownKeys(["delimiter", "encoding", "sheet"])
        if let delimiter = try section.string("delimiter") {
            let byName: [String: UInt8] = [",": 0x2C, ";": 0x3B, "\t": 0x09, "tab": 0x09, "|": 0x7C]
            guard let byte = byName[delimiter.lowercased()] else {
                throw section.error("'input.delimiter' must be one of , ; tab |", at: "delimiter")
            }
            input.delimiter = byte
        }
        if let name = try section.string("encoding") {
            guard let encoding = TextEncoding(configName: name) else {
                let names = TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")
                throw section.error("'input.encoding' must be one of \(names)", at: "encoding")
            }
            input.encoding = encoding
        }
        if let sheet = try section.string("sheet") {
            guard !sheet.isEmpty else { throw section.error("'input.sheet' must name a sheet", at: "sheet") }
            input.sheet = sheet
        }
    }

    private mutating func readPhone(_ section: YAMLSection?) throws {
        guard let section else { return }
        try section.requireKnownKeys(["default_region", "format", "allowed_types"])
        if let region = try section.string("default_region") {
            let upper = region.uppercased()
            guard PhoneNumberParser.shared.isSupportedRegion(upper) else {
                throw section.error("'phone.default_region' \(region) is not a known region code", at: "default_region")
            }
            phone.defaultRegion = upper
        }
        if let name = try section.string("format") {
            guard let format = PhoneFormat(rawValue: name) else {
                throw section.error("'phone.format' must be national, e164 or international", at: "format")
            }
            phone.format = format
        }
        if let names = try section.strings("allowed_types") {
            var types = Set<PhoneNumberType>()
            for name in names {
                guard let type = PhoneNumberType(rawValue: name) else {
                    let all = PhoneNumberType.allCases.map(\.rawValue).joined(separator: ", ")
                    throw section.error(
                        "'phone.allowed_types': unknown type '\(name)' (known: \(all))", at: "allowed_types")
                }
                types.insert(type)
            }
            phone.allowedTypes = types
        }
    }

    private static func readColumns(_ section: YAMLSection) throws -> Columns {
        try section.requireKnownKeys([
            "number", "alternatives", "vars", "priority", "agentphone", "campaign", "timezone",
        ])
        var columns = Columns()
        columns.number = try section.string("number")
        columns.priority = try section.string("priority")
        columns.agentphone = try section.string("agentphone")
        columns.campaign = try section.string("campaign")
        columns.timezone = try section.string("timezone")
        if let node = section.node("alternatives") {
            columns.alternatives = try readAlternatives(node, section)
        }
        if let node = section.node("vars") {
            columns.vars = try readVariables(node, section)
        }
        return columns
    }

    private static func readAlternatives(_ node: Node, _ section: YAMLSection) throws -> [Alternative] {
        guard case .sequence(let items) = node else {
            throw YAMLSection.error("'columns.alternatives' must be a list", node, section.file)
        }
        return try items.map { item in
            if case .scalar(let scalar) = item { return Alternative(column: scalar.string) }
            let entry = try YAMLSection(item, path: "columns.alternatives[]", file: section.file)
            try entry.requireKnownKeys(["column", "type"])
            guard let column = try entry.string("column") else {
                throw YAMLSection.error("each typed alternative needs a 'column'", item, section.file)
            }
            let type = try entry.string("type")?.uppercased()
            if let type, !["M", "W", "H", "P", "U"].contains(type) {
                throw YAMLSection.error("alternative type must be one of M, W, H, P, U", item, section.file)
            }
            return Alternative(column: column, type: type)
        }
    }

    private static func readVariables(_ node: Node, _ section: YAMLSection) throws -> [Variable] {
        switch node {
        case .sequence(let items):
            return try items.map { item in
                guard case .scalar(let scalar) = item else {
                    throw YAMLSection.error("'columns.vars' list entries must be column names", item, section.file)
                }
                return Variable(key: scalar.string, column: scalar.string)
            }
        case .mapping(let mapping):
            return try mapping.map { key, value in
                guard let name = key.string, case .scalar(let column) = value else {
                    throw YAMLSection.error(
                        "'columns.vars' must map uContact keys to column names", value, section.file)
                }
                return Variable(key: name, column: column.string)
            }
        default:
            throw YAMLSection.error("'columns.vars' must be a list of columns or a map key: column", node, section.file)
        }
    }

    private func validate(file: String, top: YAMLSection) throws {
        if let zone = timezone, zone != "auto", !TimezoneRules.isKnownZone(zone) {
            throw top.error("'timezone' \(zone) is not an IANA time zone (or 'auto')", at: "timezone")
        }
        for zone in timezones.allowed ?? [] where !TimezoneRules.isKnownZone(zone) {
            throw top.error("'timezones.allowed': \(zone) is not an IANA time zone", at: "timezones")
        }
        if let campaign, campaign.trimmingCharacters(in: .whitespaces).isEmpty {
            throw top.error("'campaign' must not be empty", at: "campaign")
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "\(problem) at line \(mark.line)"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicate keys \(duplicates.joined(separator: ", "))"
        default:
            return "the document could not be parsed"
        }
    }
}
