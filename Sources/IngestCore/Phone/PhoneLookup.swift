import PhoneNumbers

/// What `dialer-ingest phone` prints for a number: the verdict the pipeline would reach, its type,
/// the form a line carries in the configured format, E.164, and the time zones of its prefix, tab-separated.
public enum PhoneLookup {
    public static let header = "input\tverdict\ttype\tformatted\te164\ttimezones"

    public static func line(
        for input: String, region: String, format: PhoneFormat, parser: PhoneNumberParser = .shared
    ) -> String {
        let shown = Terminal.escaped(input)
        switch parser.parse(input, defaultRegion: region) {
        case .success(let parsed):
            // The number as a line carries it: no extension, foreign numbers dialable from the region.
            let number = parser.withoutExtension(parsed, region: region)
            let zones = number.timeZones.joined(separator: ",")
            let shape = number.lineForm(format, from: parser.defaultRegion(region))
            return [shown, "valid", number.type.rawValue, shape, number.formatted(.e164), zones].joined(separator: "\t")
        case .failure(let error):
            return [shown, "invalid", error.code, "", "", ""].joined(separator: "\t")
        }
    }
}
