import ArgumentParser
import DialerIngest
import Foundation
import Logging

/// Options shared by `run` and `validate`.
struct RunArguments: ParsableArguments {
    @Option(name: .shortAndLong, help: "The YAML (or JSON) config file.")
    var config: String

    @Option(help: "Dry-run: write every chunk, decoded, into this folder.")
    var outputDir: String?

    @Option(help: "Write the JSON report here; the rejects CSV goes beside it (NAME.rejects.csv).")
    var report: String?

    @Flag(inversion: .prefixedNo, help: "Live progress on stderr (default: when stderr is a terminal).")
    var progress: Bool?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    @Argument(help: "Lead files: CSV (any delimiter, UTF-8/UTF-16/Windows-1252), optionally gzip-compressed.")
    var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one lead file") }
    }

    /// Runs the pipeline and exits with the documented code.
    func execute(dryRun: Bool) throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        let logger = Logger(label: "dialer-ingest")
        let loaded: IngestConfig
        do {
            loaded = try IngestConfig.load(path: config)
        } catch let error as IngestError {
            printError(error.description)
            throw ExitCode(error.exitCode)
        }
        var options = RunOptions(dryRun: dryRun, outputDirectory: outputDir, reportPath: report)
        options.showProgress = progress
        do {
            let outcome = try IngestRun(config: loaded, options: options, logger: logger).run(files: files)
            printError(ReportWriter.summary(outcome.report))
            printError("report: \(outcome.reportPath)\nrejects: \(outcome.rejectsPath)")
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        } catch let error as IngestError {
            printError(error.description)
            throw ExitCode(error.exitCode)
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Prepare the files and upload them (or, with --dry-run, only prepare them).")

    @OptionGroup var arguments: RunArguments

    @Flag(help: "Everything but the upload; with --output-dir, the chunks are written there.")
    var dryRun = false

    func run() throws {
        try arguments.execute(dryRun: dryRun)
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "The same as run --dry-run: check and prepare, upload nothing.")

    @OptionGroup var arguments: RunArguments

    func run() throws {
        try arguments.execute(dryRun: true)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
