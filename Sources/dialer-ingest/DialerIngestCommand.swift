import ArgumentParser

@main
struct DialerIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dialer-ingest",
        abstract: "Load lead lists (CSV, gzip) into uContact dialer bases, and account for every row.",
        subcommands: [
            RunCommand.self, ValidateCommand.self, InitCommand.self, PhoneCommand.self, ReportCommand.self,
            WatchCommand.self,
        ]
    )
}
