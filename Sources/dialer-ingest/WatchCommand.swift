import ArgumentParser
import DialerIngest
import Foundation
import IngestCore
import IngestWatch
import Logging

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Process files dropped into watch.inbox: as a daemon, or once (--once, for cron).",
        discussion: """
            A file is claimed by renaming it into processing/, then ends in archive/DATE/ (uploaded) or failed/, \
            with its report and rejects beside it. One worker per inbox: when another holds the inbox's lock, \
            this one says so and exits 0.
            """)

    @Option(name: .shortAndLong, help: "The YAML (or JSON) config file, with a watch: section.")
    var config: String

    @Flag(help: "Process every ready file, print a summary and exit (0, or the worst file's exit code).")
    var once = false

    @Option(help: "Log format: text or json (one JSON object per line).")
    var logFormat: LogFormat = .text

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    enum LogFormat: String, ExpressibleByArgument {
        case text, json
    }

    func run() async throws {
        OpenFileLimit.raise()
        let level = logLevel
        let format = logFormat
        LoggingSystem.bootstrap { label in
            switch format {
            case .json:
                return JSONLogHandler(label: label, logLevel: level)
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        let logger = Logger(label: "dialer-ingest.watch")
        do {
            let loaded = try IngestConfig.load(path: config)
            guard let worker = try InboxWorker(config: loaded, logger: logger) else {
                logger.notice("the inbox is busy: another worker holds its lock; nothing done")
                printError(WatchSummary.busyLine)
                return
            }
            if once {
                let summary = try await worker.runOnce()
                printError(summary.description)
                if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
            } else {
                try await WatchService.run(
                    worker: worker, shutdownSeconds: loaded.watch.shutdownSeconds, logger: logger)
            }
        } catch let error as IngestError {
            logger.error("the worker stopped", metadata: ["watch.error": "\(error.code.rawValue)"])
            printError(error.description)
            throw ExitCode(error.exitCode)
        }
    }
}
