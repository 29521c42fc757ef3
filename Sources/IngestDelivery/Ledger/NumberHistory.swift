import IngestCore
import PhoneNumbers

/// The text `dialer-ingest where` prints: every chunk that held a number, then every removal of it, from the
/// ledger, one tab-separated line each, oldest first. A number is read as `dialer-ingest phone` reads it (any written form, a region
/// for numbers without a country code); one never loaded gets a `not-loaded` line, an invalid one its error.
public enum NumberHistory {
    public static let header = "input\te164\tcampaign\tstatus\tat\tfile\tchunk\trun"

    public static func lines(
        for inputs: [String], config: IngestConfig, region: String, campaign: String? = nil,
        parser: PhoneNumberParser = .shared
    ) throws(IngestError) -> [String] {
        let ledger = try Ledger(directory: config.effectiveStateDirectory)
        var lines: [String] = []
        for input in inputs {
            let shown = Terminal.escaped(input)
            switch parser.parse(input, defaultRegion: region) {
            case .failure(let error):
                lines.append([shown, "", "", "invalid: \(error.code)", "", "", "", ""].joined(separator: "\t"))
            case .success(let number):
                // E.164 and its integer leave an extension out, as the ledger's numbers do.
                let e164 = number.formatted(PhoneFormat.e164)
                let loads = try ledger.loads(of: number.e164Key, campaign: campaign)
                let removals = try ledger.removals(of: number.e164Key, campaign: campaign)
                if loads.isEmpty && removals.isEmpty {
                    lines.append([shown, e164, campaign ?? "", "not-loaded", "", "", "", ""].joined(separator: "\t"))
                }
                for load in loads {
                    lines.append(
                        [
                            shown, e164, Terminal.escaped(load.campaign), load.status, load.at,
                            Terminal.escaped(load.filePath ?? load.fileSHA256), load.chunk, String(load.run),
                        ].joined(separator: "\t"))
                }
                // Removals after the loads (`removed` / `remove-failed`); they have no chunk.
                for removal in removals {
                    lines.append(
                        [
                            shown, e164, Terminal.escaped(removal.campaign), removal.status, removal.at,
                            Terminal.escaped(removal.filePath ?? removal.fileSHA256), "", String(removal.run),
                        ].joined(separator: "\t"))
                }
            }
        }
        return lines
    }
}
