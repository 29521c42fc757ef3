import DialerIngest
import IngestCore
import IngestDelivery
import Logging
import ServiceLifecycle
import UnixSignals

/// The daemon as a swift-service-lifecycle `Service`: on graceful shutdown (SIGTERM, SIGINT) the worker
/// sends no new chunk, lets the one in flight finish, records its state, and returns.
public struct WatchService: Service {
    let worker: InboxWorker

    public init(worker: InboxWorker) {
        self.worker = worker
    }

    public func run() async throws {
        let stop = worker.stop
        try await withGracefulShutdownHandler {
            try await worker.runDaemon()
        } onGracefulShutdown: {
            stop.set()
        }
    }

    /// Runs the worker until SIGTERM / SIGINT; past `shutdownSeconds` the upload in flight is cancelled.
    public static func run(worker: InboxWorker, shutdownSeconds: Double, logger: Logger) async throws {
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: WatchService(worker: worker))], gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = .milliseconds(Int64(shutdownSeconds * 1000))
        // The last resort if a cancelled task still hangs: the process ends (the ledger is transactional).
        configuration.maximumCancellationDuration = .seconds(10)
        try await ServiceGroup(configuration: configuration).run()
    }
}
