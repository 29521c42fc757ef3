import PhoneNumbers

/// What `dialer-ingest phone` prints for a number: the verdict the pipeline would reach, its type,
/// the configured output form, E.164, and the time zones of its prefix, tab-separated.
public enum PhoneLookup {
    public static let header = "input\tverdict\ttype\tformatted\te164\ttimezones"

    public static func line(
        for input: String, region: String, format: PhoneFormat, parser: PhoneNumberParser = .shared
    ) -> String {
        let shown = Terminal.escaped(input)
        switch parser.parse(input, defaultRegion: region) {
        case .success(let number):
            let zones = number.timeZones.joined(separator: ",")
            return [shown, "valid", number.type.rawValue, number.formatted(format), number.formatted(.e164), zones]
                .joined(separator: "\t")
        case .failure(let error):
            return [shown, "invalid", error.code, "", "", ""].joined(separator: "\t")
        }
    }
}
