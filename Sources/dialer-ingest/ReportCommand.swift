import ArgumentParser
import DialerIngest
import IngestCore
import IngestDelivery

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "List recent runs and how their uploads ended, from the ledger.")

    @Option(name: .shortAndLong, help: "The config file (its state_dir holds the ledger).")
    var config: String

    @Option(help: "How many runs to list.")
    var limit = 10

    func run() throws {
        do {
            let loaded = try IngestConfig.load(path: config)
            print(try LedgerReport.recentRuns(config: loaded, limit: limit), terminator: "")
        } catch let error as IngestError {
            printError(error.description)
            throw ExitCode(error.exitCode)
        }
    }
}
