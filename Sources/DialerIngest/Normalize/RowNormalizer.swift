import PhoneNumbers

/// Turns one decoded record into a dialer line `campaign;number;vars;alternatives;priority;agentphone\n`,
/// or says why it cannot be one. Reuses its buffers: no per-row allocation beyond the phone parser's.
final class RowNormalizer {
    /// Where an accepted line goes, and what identifies its number for the duplicate check.
    struct Accepted {
        var campaign: String
        var zone: String?
        /// The E.164 digits as an integer: unique per number, cheap to hash.
        var numberKey: UInt64
    }

    private let map: ColumnMap
    private let phone: PhoneNumberParser
    private let region: String
    private let format: PhoneFormat
    private let allowedTypes: Set<PhoneNumberType>?
    private let defaultCampaign: String?
    private let defaultZone: String?
    private let autoZone: Bool
    private let zoneRules: TimezoneRules
    private var zoneChecks: [String: String?] = [:]
    private var alternativeKeys: [UInt64] = []
    /// Room for one formatted number (64 bytes plus an extension, which lines never carry).
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 1)

    /// The line of the last accepted row, `\n` included.
    private(set) var line: [UInt8] = []
    private(set) var fieldsSanitized = 0
    private(set) var alternativesDropped = 0

    init(map: ColumnMap, config: IngestConfig, phone: PhoneNumberParser = .shared) {
        self.map = map
        self.phone = phone
        self.region = config.phone.defaultRegion
        self.format = config.phone.format
        self.allowedTypes = config.phone.allowedTypes
        self.defaultCampaign = config.campaign.map(FieldSanitizer.sanitized)
        self.autoZone = config.timezone == "auto"
        self.defaultZone = autoZone ? nil : config.timezone
        self.zoneRules = TimezoneRules(allowed: config.timezones.allowed)
    }

    deinit {
        scratch.deallocate()
    }

    func normalize(_ record: CSVRecord) -> Result<Accepted, Reject> {
        record.bytes.withUnsafeBufferPointer { bytes in
            normalize(record, bytes)
        }
    }

    private func normalize(_ record: CSVRecord, _ bytes: UnsafeBufferPointer<UInt8>) -> Result<Accepted, Reject> {
        let fieldCount = record.count
        func field(_ index: Int?) -> UnsafeBufferPointer<UInt8> {
            guard let index, index < fieldCount else { return UnsafeBufferPointer(start: nil, count: 0) }
            return UnsafeBufferPointer(rebasing: bytes[record.range(index)])
        }
        func reject(_ reason: RejectReason, _ detail: String) -> Result<Accepted, Reject> {
            .failure(Reject(line: record.line, reason: reason, detail: detail))
        }

        if fieldCount > map.headers.count {
            let extra = (map.headers.count..<fieldCount).filter { !FieldSanitizer.isEmpty(field($0)) }
            if !extra.isEmpty {
                return reject(.tooManyFields, "\(fieldCount) fields, the header has \(map.headers.count)")
            }
        }

        // The main number.
        let rawNumber = field(map.number)
        let number: PhoneNumber
        switch phone.parse(utf8: UnsafeRawBufferPointer(rawNumber), defaultRegion: region) {
        case .success(let parsed):
            number = dialable(parsed)
        case .failure(.empty):
            return reject(.missingNumber, PhoneParseError.empty.explanation)
        case .failure(.scientificNotation):
            return reject(.invalidNumber, PhoneParseError.scientificNotation.explanation)
        case .failure(let error):
            return reject(.invalidNumber, "\(error.explanation) for region \(region)")
        }
        if let allowedTypes, !allowedTypes.contains(number.type) {
            return reject(.wrongNumberType, "a \(number.type.rawValue) number")
        }

        // Priority and agent phone: checked before anything is written.
        let priority = field(map.priority)
        var priorityValue = 0
        if !FieldSanitizer.isEmpty(priority) {
            guard let value = Self.integer(priority), (2...9999).contains(value) else {
                return reject(.invalidPriority, "priority must be a whole number from 2 to 9999")
            }
            priorityValue = value
        }
        let agentphone = field(map.agentphone)
        if !FieldSanitizer.isEmpty(agentphone), Self.integer(agentphone) == nil {
            return reject(.invalidAgentphone, "the agent phone must be digits only")
        }

        // Campaign and zone: where the line goes.
        var campaign = defaultCampaign ?? ""
        if map.campaign != nil {
            let value = Self.sanitizedString(field(map.campaign))
            if !value.isEmpty { campaign = value }
        }
        if campaign.isEmpty { return reject(.missingCampaign, "no campaign in the row and none configured") }
        var zone = defaultZone
        if map.timezone != nil {
            let value = Self.sanitizedString(field(map.timezone))
            if !value.isEmpty { zone = value }
        }
        if autoZone && zone == nil {
            let zones = number.timeZones.filter { $0 != "Etc/Unknown" }
            guard zones.count == 1 else {
                return reject(.ambiguousTimezone, "the number maps to \(zones.count) time zones")
            }
            zone = zones[0]
        }
        if let zone, let problem = zoneProblem(zone) {
            return reject(.invalidTimezone, "'\(Terminal.escaped(zone))' is \(problem)")
        }

        // The line itself.
        line.removeAll(keepingCapacity: true)
        line.append(contentsOf: campaign.utf8)
        line.append(0x3B)
        appendFormatted(number)
        line.append(0x3B)
        for (position, variable) in map.vars.enumerated() {
            if position > 0 { line.append(0x3A) }
            line.append(contentsOf: variable.key.utf8)
            line.append(0x3D)
            if FieldSanitizer.append(field(variable.index), to: &line) { fieldsSanitized += 1 }
        }
        line.append(0x3B)
        appendAlternatives(field, main: number)
        line.append(0x3B)
        if priorityValue > 0 { line.append(contentsOf: String(priorityValue).utf8) }
        line.append(0x3B)
        FieldSanitizer.append(agentphone, to: &line)
        line.append(0x0A)
        return .success(Accepted(campaign: campaign, zone: zone, numberKey: Self.key(number)))
    }

    /// Valid alternatives, each once and never the main number; the others are dropped and counted.
    private func appendAlternatives(_ field: (Int?) -> UnsafeBufferPointer<UInt8>, main: PhoneNumber) {
        alternativeKeys.removeAll(keepingCapacity: true)
        alternativeKeys.append(Self.key(main))
        var written = 0
        for alternative in map.alternatives {
            let raw = field(alternative.index)
            if FieldSanitizer.isEmpty(raw) { continue }
            guard case .success(let found) = phone.parse(utf8: UnsafeRawBufferPointer(raw), defaultRegion: region)
            else {
                alternativesDropped += 1
                continue
            }
            let parsed = dialable(found)
            let key = Self.key(parsed)
            if alternativeKeys.contains(key) {
                alternativesDropped += 1
                continue
            }
            alternativeKeys.append(key)
            if written > 0 { line.append(0x3A) }
            if let type = alternative.type {
                line.append(contentsOf: type.utf8)
                line.append(contentsOf: "=0=".utf8)
            }
            appendFormatted(parsed)
            written += 1
        }
    }

    /// Writes the number in the configured format straight into the line (no String in between).
    private func appendFormatted(_ number: PhoneNumber) {
        if let count = number.write(format, into: scratch) {
            line.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<count]))
        } else {
            line.append(contentsOf: number.formatted(format).utf8)
        }
    }

    /// The number without an extension (`ext. 12`): a dialer cannot dial one, and libphonenumber would append
    /// its digits to the national and international forms.
    private func dialable(_ number: PhoneNumber) -> PhoneNumber {
        guard number.extension != nil,
            case .success(let plain) = phone.parse(number.formatted(.e164), defaultRegion: region)
        else { return number }
        return plain
    }

    private func zoneProblem(_ zone: String) -> String? {
        if let known = zoneChecks[zone] { return known }
        let problem = zoneRules.problem(with: zone)
        zoneChecks[zone] = problem
        return problem
    }

    static func key(_ number: PhoneNumber) -> UInt64 {
        number.e164Key
    }

    /// The value of a field of digits (surrounding spaces allowed), or nil.
    static func integer(_ field: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0
        var digits = 0
        var seenEnd = false
        for byte in field {
            if byte == 0x20 {
                if digits > 0 { seenEnd = true }
                continue
            }
            guard byte >= 0x30 && byte <= 0x39, !seenEnd, digits < 18 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    static func sanitizedString(_ field: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        FieldSanitizer.append(field, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
