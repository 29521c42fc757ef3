import PhoneNumbers

/// Turns one decoded record into a dialer line `campaign;number;vars;alternatives;priority;agentphone\n`,
/// or says why it cannot be one. Reuses its buffers: no per-row allocation beyond the phone parser's.
final class RowNormalizer {
    /// Where lines go: a campaign and time zone pair, numbered in the order the file first shows it.
    struct Route: Equatable, Hashable {
        var campaign: String
        var zone: String?
    }

    /// Where an accepted line goes, and what identifies its number for the duplicate check. Plain integers:
    /// the per-row result copies no String.
    struct Accepted {
        /// Index into `routes`.
        var route: Int
        /// The E.164 digits as an integer: unique per number, cheap to hash.
        var numberKey: UInt64
    }

    private let map: ColumnMap
    private let phone: PhoneNumberParser
    private let region: String
    /// `region` looked up once in the phone metadata.
    private let regionHandle: DefaultRegion
    private let format: PhoneFormat
    private let allowedTypes: Set<PhoneNumberType>?
    private let defaultCampaign: String?
    private let defaultZone: String?
    private let autoZone: Bool
    private let zoneRules: TimezoneRules
    /// The do-not-call lists, when any; `routeLists[route]` are those covering the route's campaign.
    private let suppression: Suppression?
    private var routeLists: [[Int]] = []
    private var zoneChecks: [String: (canonical: String, problem: String?)] = [:]
    /// The keys of a row's numbers so far (the main one, then each alternative written): room for all of them,
    /// reused row after row without the array bookkeeping of an `Array` held by a class.
    private let alternativeKeys: UnsafeMutableBufferPointer<UInt64>
    /// Room for one formatted number (64 bytes plus an extension, which lines never carry).
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 1)
    /// Each var's `key=` (with the `:` before every one but the first), back to back, and where each ends.
    private let varPrefixes: [UInt8]
    private let varSpans: [(prefixEnd: Int, column: Int)]
    /// The campaign of each route as line bytes.
    private var routeCampaigns: [[UInt8]] = []
    private var routeNumbers: [Route: Int] = [:]
    /// Rows always go to route 0 when neither campaign nor zone comes from the row.
    private let singleRoute: Bool
    private let defaultZoneProblem: String?
    /// `TYPE=0=` for each typed alternative.
    private let alternativePrefixes: [[UInt8]?]

    /// Every route seen so far; `Accepted.route` indexes it. Only ever appended to.
    private(set) var routes: [Route] = []
    /// The line of the last row given to `normalize(_:)`, `\n` included (tests).
    private let ownLine = GrowingBytes(capacity: 1024)
    var line: [UInt8] { ownLine.array }
    private(set) var fieldsSanitized = 0
    private(set) var alternativesDropped = 0
    /// Alternatives left out because a do-not-call list in scope holds them.
    private(set) var alternativesSuppressed = 0

    init(map: ColumnMap, config: IngestConfig, phone: PhoneNumberParser = .shared, suppression: Suppression? = nil) {
        self.map = map
        self.phone = phone
        self.suppression = suppression
        self.region = config.phone.defaultRegion
        regionHandle = phone.defaultRegion(config.phone.defaultRegion)
        self.format = config.phone.format
        self.allowedTypes = config.phone.allowedTypes
        self.defaultCampaign = config.campaign.map(FieldSanitizer.sanitized)
        self.autoZone = config.timezone == "auto"
        self.defaultZone = autoZone ? nil : config.timezone.map(TimezoneRules.canonical)
        let zoneRules = TimezoneRules(allowed: config.timezones.allowed)
        self.zoneRules = zoneRules
        var prefixes: [UInt8] = []
        var spans: [(prefixEnd: Int, column: Int)] = []
        for (position, variable) in map.vars.enumerated() {
            if position > 0 { prefixes.append(0x3A) }
            prefixes.append(contentsOf: variable.key.utf8)
            prefixes.append(0x3D)
            spans.append((prefixes.count, variable.index))
        }
        self.varPrefixes = prefixes
        self.varSpans = spans
        self.singleRoute = map.campaign == nil && map.timezone == nil && !autoZone
        self.defaultZoneProblem = (autoZone ? nil : config.timezone).flatMap { zoneRules.problem(with: $0) }
        self.alternativePrefixes = map.alternatives.map { $0.type.map { Array(($0 + "=0=").utf8) } }
        alternativeKeys = .allocate(capacity: map.alternatives.count + 1)
    }

    deinit {
        alternativeKeys.deallocate()
        scratch.deallocate()
    }

    /// Normalises `record`, appending its line to `lines` when it is accepted (nothing when rejected).
    func normalize(_ record: CSVRecord, into lines: GrowingBytes) -> Result<Accepted, Reject> {
        record.withFields { normalize($0, into: lines) }
    }

    /// Normalises `record` on its own: its line is `line` (tests).
    func normalize(_ record: CSVRecord) -> Result<Accepted, Reject> {
        ownLine.removeAll()
        return normalize(record, into: ownLine)
    }

    /// Normalises a record, appending its line to `line` when it is accepted (nothing when rejected).
    func normalize(_ record: RecordFields, into line: GrowingBytes) -> Result<Accepted, Reject> {
        let fieldCount = record.count
        func field(_ index: Int?) -> UnsafeBufferPointer<UInt8> {
            guard let index, index < fieldCount else { return UnsafeBufferPointer(start: nil, count: 0) }
            return record.field(index)
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
        switch phone.parse(utf8: UnsafeRawBufferPointer(rawNumber), region: regionHandle) {
        case .success(let parsed):
            number = phone.withoutExtension(parsed, region: region)
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
        let route: Int
        if singleRoute {
            guard let campaign = defaultCampaign, !campaign.isEmpty else {
                return reject(.missingCampaign, "no campaign in the row and none configured")
            }
            if let zone = defaultZone, let problem = defaultZoneProblem {
                return reject(.invalidTimezone, "'\(Terminal.escaped(zone))' is \(problem)")
            }
            if routes.isEmpty { _ = self.route(Route(campaign: campaign, zone: defaultZone)) }
            route = 0
        } else {
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
            if let given = zone {
                let (canonical, problem) = checkZone(given)
                if let problem { return reject(.invalidTimezone, "'\(Terminal.escaped(given))' is \(problem)") }
                zone = canonical
            }
            route = self.route(Route(campaign: campaign, zone: zone))
        }
        if let suppression, let list = suppression.list(holding: Self.key(number), among: routeLists[route]) {
            return reject(.suppressed, suppression.detail(list))
        }

        // The line itself.
        routeCampaigns[route].withUnsafeBufferPointer { line.append($0) }
        line.append(0x3B)
        appendFormatted(number, to: line)
        line.append(0x3B)
        varPrefixes.withUnsafeBufferPointer { prefixes in
            var prefixStart = 0
            for span in varSpans {
                line.append(UnsafeBufferPointer(rebasing: prefixes[prefixStart..<span.prefixEnd]))
                prefixStart = span.prefixEnd
                if FieldSanitizer.append(field(span.column), to: line) { fieldsSanitized += 1 }
            }
        }
        line.append(0x3B)
        appendAlternatives(field, main: number, route: route, to: line)
        line.append(0x3B)
        if priorityValue > 0 { line.appendDecimal(priorityValue) }
        line.append(0x3B)
        FieldSanitizer.append(agentphone, to: line)
        line.append(0x0A)
        return .success(Accepted(route: route, numberKey: Self.key(number)))
    }

    /// The number of `route`, numbering it when it is new.
    private func route(_ route: Route) -> Int {
        if let known = routeNumbers[route] { return known }
        routes.append(route)
        routeCampaigns.append(Array(route.campaign.utf8))
        routeNumbers[route] = routes.count - 1
        routeLists.append(suppression?.lists(covering: route.campaign) ?? [])
        return routes.count - 1
    }

    /// Valid alternatives, each once and never the main number; the others are dropped and counted.
    private func appendAlternatives(
        _ field: (Int?) -> UnsafeBufferPointer<UInt8>, main: PhoneNumber, route: Int, to line: GrowingBytes
    ) {
        alternativeKeys[0] = Self.key(main)
        var keyCount = 1
        var written = 0
        for (position, alternative) in map.alternatives.enumerated() {
            let raw = field(alternative.index)
            if FieldSanitizer.isEmpty(raw) { continue }
            guard case .success(let found) = phone.parse(utf8: UnsafeRawBufferPointer(raw), region: regionHandle)
            else {
                alternativesDropped += 1
                continue
            }
            let parsed = phone.withoutExtension(found, region: region)
            let key = Self.key(parsed)
            if alternativeKeys[..<keyCount].contains(key) {
                alternativesDropped += 1
                continue
            }
            alternativeKeys[keyCount] = key
            keyCount += 1
            if let suppression, suppression.list(holding: key, among: routeLists[route]) != nil {
                alternativesSuppressed += 1
                continue
            }
            if written > 0 { line.append(0x3A) }
            if let prefix = alternativePrefixes[position] { line.append(prefix) }
            appendFormatted(parsed, to: line)
            written += 1
        }
    }

    /// Writes the number in the configured format straight into the line (no String in between).
    private func appendFormatted(_ number: PhoneNumber, to line: GrowingBytes) {
        if let count = number.writeLineForm(format, from: regionHandle, into: scratch) {
            line.append(UnsafeRawBufferPointer(rebasing: scratch[..<count]))
        } else {
            line.append(Array(number.lineForm(format, from: regionHandle).utf8))
        }
    }

    /// The zone's current name (aliases make one route) and why it may not be used, if so; once per name.
    private func checkZone(_ zone: String) -> (canonical: String, problem: String?) {
        if let known = zoneChecks[zone] { return known }
        let checked = (TimezoneRules.canonical(zone), zoneRules.problem(with: zone))
        zoneChecks[zone] = checked
        return checked
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
