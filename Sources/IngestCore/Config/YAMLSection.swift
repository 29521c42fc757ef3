import Yams

/// One mapping of the config file, read strictly: unknown keys and wrong types are errors naming the key and line.
struct YAMLSection {
    let mapping: Node.Mapping
    /// Dotted path of this section (`upload`, `columns`), for messages.
    let path: String
    let file: String

    init(_ node: Node, path: String, file: String) throws {
        guard let mapping = node.mapping else {
            throw YAMLSection.error("'\(path.isEmpty ? "the config" : path)' must be a mapping", node, file)
        }
        self.mapping = mapping
        self.path = path
        self.file = file
    }

    /// Throws on the first key that is not in `known`.
    func requireKnownKeys(_ known: [String]) throws {
        for (key, _) in mapping {
            let name = key.string ?? "?"
            if !known.contains(name) {
                let full = path.isEmpty ? name : "\(path).\(name)"
                throw YAMLSection.error(
                    "unknown config key '\(full)' (known here: \(known.joined(separator: ", ")))", key, file)
            }
        }
    }

    func node(_ key: String) -> Node? {
        guard let value = mapping[key] else { return nil }
        if value.null != nil, case .scalar = value { return nil }
        return value
    }

    func string(_ key: String) throws -> String? {
        guard let value = node(key) else { return nil }
        guard case .scalar(let scalar) = value else {
            throw YAMLSection.error("'\(qualified(key))' must be a text value", value, file)
        }
        return scalar.string
    }

    /// One of an enumeration's raw values; an error lists them all.
    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String) throws -> Choice?
    where Choice.RawValue == String {
        guard let name = try string(key) else { return nil }
        guard let value = Choice(rawValue: name) else {
            let names = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw error("'\(qualified(key))' must be one of \(names)", at: key)
        }
        return value
    }

    func int(_ key: String) throws -> Int? {
        guard let value = node(key) else { return nil }
        guard let number = value.int else {
            throw YAMLSection.error("'\(qualified(key))' must be a whole number", value, file)
        }
        return number
    }

    func double(_ key: String) throws -> Double? {
        guard let value = node(key) else { return nil }
        guard let number = value.float ?? value.int.map(Double.init) else {
            throw YAMLSection.error("'\(qualified(key))' must be a number", value, file)
        }
        return number
    }

    func strings(_ key: String) throws -> [String]? {
        guard let value = node(key) else { return nil }
        guard case .sequence(let sequence) = value else {
            throw YAMLSection.error("'\(qualified(key))' must be a list", value, file)
        }
        return try sequence.map { item in
            guard case .scalar(let scalar) = item else {
                throw YAMLSection.error("'\(qualified(key))' must be a list of text values", item, file)
            }
            return scalar.string
        }
    }

    func section(_ key: String) throws -> YAMLSection? {
        guard let value = node(key) else { return nil }
        return try YAMLSection(value, path: qualified(key), file: file)
    }

    func qualified(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    func error(_ message: String, at key: String) -> IngestError {
        YAMLSection.error(message, node(key) ?? .mapping(mapping), file)
    }

    static func error(_ message: String, _ node: Node, _ file: String) -> IngestError {
        IngestError(.configInvalid, message, file: file, line: node.mark?.line)
    }
}
