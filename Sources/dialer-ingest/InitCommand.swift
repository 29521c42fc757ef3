import ArgumentParser
import DialerIngest
import IngestCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Print a commented starter config for a sample export (encoding, delimiter, column roles).")

    @Argument(help: "A sample lead file, as the data team exports it.")
    var sample: String

    @Option(help: "ISO 3166 region of numbers written without a country code.")
    var region = "UY"

    @Option(help: "The campaign to load into, e.g. 'Ventas->'.")
    var campaign = "Ventas->"

    func run() throws {
        do {
            print(try StarterConfig.make(samplePath: sample, region: region, campaign: campaign), terminator: "")
        } catch {
            printError(error.description)
            throw ExitCode(error.exitCode)
        }
    }
}
