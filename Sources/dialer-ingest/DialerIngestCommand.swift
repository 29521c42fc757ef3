import ArgumentParser
import DialerIngest
import IngestCore

@main
struct DialerIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dialer-ingest",
        abstract:
            "Load lead lists (CSV in any locale, gzip, .xlsx workbooks) into uContact dialer bases, and account for every row.",
        version: ToolVersion.current,
        subcommands: [
            RunCommand.self, ValidateCommand.self, InitCommand.self, PhoneCommand.self, ReportCommand.self,
            WatchCommand.self, WhereCommand.self,
        ]
    )
}
