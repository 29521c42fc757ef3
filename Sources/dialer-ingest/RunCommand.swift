import ArgumentParser
import DialerIngest
import Foundation
import IngestCore
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

    @Argument(
        help:
            "Lead files: CSV (any delimiter, UTF-8/UTF-16/Windows-1252), optionally gzip-compressed, or .xlsx workbooks."
    )
    var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one lead file") }
    }

    /// Runs the pipeline and exits with the documented code.
    func execute(dryRun: Bool, force: Bool = false, resendUncertain: Bool = false, checkServer: Bool = false)
        async throws
    {
        OpenFileLimit.raise()
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
        options.force = force
        options.resendUncertain = resendUncertain
        options.checkServer = checkServer
        do {
            let outcome = try await IngestRun(config: loaded, options: options, logger: logger).run(files: files)
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

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Prepare the files and upload them (or, with --dry-run, only prepare them).")

    @OptionGroup var arguments: RunArguments

    @Flag(help: "Everything but the upload; with --output-dir, the chunks are written there.")
    var dryRun = false

    @Flag(help: "Send chunks again even when the ledger says uContact accepted them.")
    var force = false

    @Flag(help: "Send chunks again whose earlier send may or may not have been applied (leads may be dialled twice).")
    var resendUncertain = false

    func run() async throws {
        try await arguments.execute(dryRun: dryRun, force: force, resendUncertain: resendUncertain)
    }
}

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "The same as run --dry-run: check and prepare, upload nothing.")

    @OptionGroup var arguments: RunArguments

    @Flag(help: "Also ask the server for its campaigns and fail files whose campaign it does not have.")
    var checkServer = false

    func run() async throws {
        try await arguments.execute(dryRun: true, checkServer: checkServer)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
