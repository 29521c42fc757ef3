import ArgumentParser
import DialerIngest
import IngestCore
import PhoneNumbers

struct PhoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phone",
        abstract: "Check phone numbers as a run would: verdict, type, formatted forms and time zones.",
        discussion: "Reads one number per line from standard input when no NUMBER is given.")

    @Option(help: "ISO 3166 region of numbers written without a country code.")
    var region = "UY"

    @Option(help: "Output form: national, e164 or international.")
    var format: PhoneFormat = .national

    @Flag(help: "Print a header line first.")
    var header = false

    @Argument(help: "Numbers to check.")
    var numbers: [String] = []

    func validate() throws {
        guard PhoneNumberParser.shared.isSupportedRegion(region.uppercased()) else {
            throw ValidationError("'\(region)' is not a known region code")
        }
    }

    func run() throws {
        if header { print(PhoneLookup.header) }
        let region = region.uppercased()
        if numbers.isEmpty {
            while let line = readLine() {
                print(PhoneLookup.line(for: line, region: region, format: format))
            }
        } else {
            for number in numbers {
                print(PhoneLookup.line(for: number, region: region, format: format))
            }
        }
    }
}

extension PhoneFormat: ExpressibleByArgument {}
