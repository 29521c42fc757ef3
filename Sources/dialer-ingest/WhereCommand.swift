import ArgumentParser
import IngestCore
import IngestDelivery
import PhoneNumbers

struct WhereCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "where",
        abstract: "Show every load of a number from the ledger: campaign, status, when, file, chunk, run.",
        discussion: """
            Numbers are read as the phone command reads them. Reads one number per line from standard input when \
            no NUMBER is given.
            """)

    @Option(name: .shortAndLong, help: "The config file (its state_dir holds the ledger).")
    var config: String

    @Option(help: "ISO 3166 region of numbers written without a country code (default: the config's).")
    var region: String?

    @Option(help: "Only loads into this campaign.")
    var campaign: String?

    @Flag(help: "Print a header line first.")
    var header = false

    @Argument(help: "Numbers to look up.")
    var numbers: [String] = []

    func run() throws {
        do {
            let loaded = try IngestConfig.load(path: config)
            let region = (region ?? loaded.phone.defaultRegion).uppercased()
            guard PhoneNumberParser.shared.isSupportedRegion(region) else {
                throw ValidationError("'\(region)' is not a known region code")
            }
            var inputs = numbers
            if inputs.isEmpty {
                while let line = readLine() { inputs.append(line) }
            }
            if header { print(NumberHistory.header) }
            for line in try NumberHistory.lines(for: inputs, config: loaded, region: region, campaign: campaign) {
                print(line)
            }
        } catch let error as IngestError {
            printError(error.description)
            throw ExitCode(error.exitCode)
        }
    }
}
