import Foundation

extension ColumnMap {
    /// Maps a header to roles: from `columns:` when configured, else by recognising common
    /// Spanish / English / Portuguese header names; every column without a role becomes a var.
    /// - Throws: `unknown-column` naming the configured column and the headers found, `ambiguous-column` when
    ///   a configured name is on two headers, `no-number-column`.
    static func resolve(headers: [String], columns: IngestConfig.Columns?, file: String, line: Int) throws(IngestError)
        -> ColumnMap
    {
        let folded = headers.map(HeaderName.folded)
        func find(_ name: String, role: String) throws(IngestError) -> Int {
            let key = HeaderName.folded(name)
            guard let index = folded.firstIndex(of: key) else {
                let found = headers.map { "'\(Terminal.escaped($0))'" }.joined(separator: ", ")
                throw IngestError(
                    .unknownColumn, "the \(role) column '\(Terminal.escaped(name))' is not in the header (\(found))",
                    file: file, line: line)
            }
            // Two headers with the configured name: loading either could be the wrong column.
            if let second = folded[(index + 1)...].firstIndex(of: key) {
                throw IngestError(
                    .ambiguousColumn,
                    "the \(role) column '\(Terminal.escaped(name))' is in the header twice "
                        + "(columns \(index + 1) and \(second + 1)): rename one in the file",
                    file: file, line: line)
            }
            return index
        }
        func findOptional(_ name: String?, role: String) throws(IngestError) -> Int? {
            guard let name else { return nil }
            return try find(name, role: role)
        }

        let config = columns ?? IngestConfig.Columns()
        var taken = Set<Int>()
        var priority = try findOptional(config.priority, role: "priority")
        var agentphone = try findOptional(config.agentphone, role: "agentphone")
        var campaign = try findOptional(config.campaign, role: "campaign")
        var timezone = try findOptional(config.timezone, role: "timezone")
        if columns == nil {
            priority = HeaderRoles.firstIndex(in: folded, matching: HeaderRoles.priority)
            agentphone = HeaderRoles.firstIndex(in: folded, matching: HeaderRoles.agentphone)
            campaign = HeaderRoles.firstIndex(in: folded, matching: HeaderRoles.campaign)
            timezone = HeaderRoles.firstIndex(in: folded, matching: HeaderRoles.timezone)
        }
        for index in [priority, agentphone, campaign, timezone].compactMap({ $0 }) { taken.insert(index) }

        // A header with a phone word ("telefono") is the number before a bare "numero" (often an id).
        let phoneLike = folded.indices.filter { !taken.contains($0) && HeaderRoles.isPhoneLike(folded[$0]) }
            .sorted {
                (HeaderRoles.hasPhoneWord(folded[$0]) ? 0 : 1, $0) < (HeaderRoles.hasPhoneWord(folded[$1]) ? 0 : 1, $1)
            }
        let number: Int
        if let name = config.number {
            number = try find(name, role: "number")
        } else if let first = phoneLike.first {
            number = first
        } else {
            let found = headers.map { "'\(Terminal.escaped($0))'" }.joined(separator: ", ")
            throw IngestError(
                .noNumberColumn,
                "no phone number column recognised in the header (\(found)); name it with columns.number",
                file: file, line: line)
        }
        taken.insert(number)

        var alternatives: [Alternative] = []
        if let configured = config.alternatives {
            for entry in configured {
                alternatives.append(Alternative(index: try find(entry.column, role: "alternative"), type: entry.type))
            }
        } else if config.number == nil {
            alternatives = phoneLike.filter { $0 != number }.map { Alternative(index: $0, type: nil) }
        }
        for alternative in alternatives { taken.insert(alternative.index) }
        if columns != nil {
            try rejectSharedColumns(
                [
                    ("number", number), ("priority", priority), ("agentphone", agentphone), ("campaign", campaign),
                    ("timezone", timezone),
                ] + alternatives.map { ("alternative", $0.index) },
                headers: headers, file: file)
        }

        var map = ColumnMap(headers: headers, number: number, alternatives: alternatives)
        map.priority = priority
        map.agentphone = agentphone
        map.campaign = campaign
        map.timezone = timezone
        var keys = Set<String>()
        func uniqueKey(_ raw: String, index: Int) -> String {
            var key = FieldSanitizer.sanitized(raw)
            if key.isEmpty { key = "column\(index + 1)" }
            var candidate = key
            var suffix = 2
            while keys.contains(candidate) {
                candidate = "\(key)_\(suffix)"
                suffix += 1
            }
            keys.insert(candidate)
            return candidate
        }
        if let configured = config.vars {
            for variable in configured {
                let index = try find(variable.column, role: "var")
                map.vars.append(Variable(key: uniqueKey(variable.key, index: index), index: index))
            }
        } else {
            for index in headers.indices where !taken.contains(index) {
                map.vars.append(Variable(key: uniqueKey(headers[index], index: index), index: index))
            }
        }
        return map
    }
}

extension ColumnMap {
    /// Two configured roles on one column (the number also a priority, an alternative that is the number)
    /// are a config mistake: loading would read one cell two ways.
    fileprivate static func rejectSharedColumns(
        _ roles: [(role: String, index: Int?)], headers: [String], file: String
    ) throws(IngestError) {
        var seen: [Int: String] = [:]
        for (role, index) in roles {
            guard let index else { continue }
            if let first = seen[index] {
                throw IngestError(
                    .configInvalid,
                    "columns: '\(Terminal.escaped(headers[index]))' is configured as both \(first) and \(role)",
                    file: file)
            }
            seen[index] = role
        }
    }
}

/// The header names recognised for each role when no `columns:` are configured (already folded).
enum HeaderRoles {
    /// A header holding any of these words holds a phone number.
    static let phoneWords: Set<String> = [
        "telefono", "telefonos", "tel", "tlf", "telf", "phone", "telephone", "celular", "cel", "movil", "mobile",
        "whatsapp", "wsp", "fono", "telefone", "telemovel", "msisdn", "cellphone", "cell", "cellular",
    ]
    /// Headers that are a phone number only on their own ("numero", not "numero de cliente").
    /// Not "no": `No.` is far more often a row counter than a phone column.
    static let bareNumberNames: Set<String> = ["numero", "number", "nro", "num"]
    static let priority: Set<String> = ["prioridad", "priority", "prioridade"]
    static let agentphone: Set<String> = ["agentphone", "agent phone", "telefono agente", "agente telefono"]
    static let campaign: Set<String> = ["campaign", "campana", "campanha", "campaign name"]
    /// Not a bare "zone": a sales zone is likelier than a time zone.
    static let timezone: Set<String> = ["timezone", "time zone", "tz", "zona horaria", "huso horario", "fuso horario"]

    static func isPhoneLike(_ folded: String) -> Bool {
        if hasPhoneWord(folded) { return true }
        // "numero", "numero 2", "number1"
        let stripped = folded.trimmingCharacters(in: .decimalDigits).trimmingCharacters(in: .whitespaces)
        return bareNumberNames.contains(stripped)
    }

    static func hasPhoneWord(_ folded: String) -> Bool {
        folded.split(separator: " ").contains { phoneWords.contains(String($0)) }
    }

    static func firstIndex(in folded: [String], matching names: Set<String>) -> Int? {
        folded.firstIndex { names.contains($0) }
    }
}
