import Foundation
import Hummingbird
import Logging
import NIOCore

/// A local stand-in for uContact's Integra endpoints, with fault injection.
///
/// Serves, under `/Integra/resources/`: `auth/getUserToken`, `auth/EndSession`, `Supervisor/campaignstatus`,
/// `Dialers/uploadbase`, `Dialers/uploadbasewithtimezone` and `Dialers/RemoveContact` (every body needs a
/// `Content-Length`); and, for tests and operators, `GET /_sim/uploads`, `GET /_sim/removals`, `GET /_sim/faults`
/// and `POST /_sim/faults`. Passwords and tokens are never logged or recorded.
///
/// Tests usually go through ``withRunningSimulator(_:logger:isolation:_:)``; the `ucontact-sim` command uses
/// ``run(onListening:)``.
public struct Simulator: Sendable {
    /// The configuration the simulator started with (its faults may have been replaced since).
    public let configuration: SimulatorConfiguration
    /// The uploads accepted so far.
    public let uploads: UploadStore
    /// The numbers removed so far (`Dialers/RemoveContact`).
    public let removals = RemovalStore()
    let sessions: SessionsAndFaults
    let logger: Logger

    /// Prepares a simulator: checks the configuration and opens the record directory.
    ///
    /// - Throws: ``SimulatorError`` (`configuration`, `record-directory`).
    public init(
        configuration: SimulatorConfiguration = SimulatorConfiguration(),
        logger: Logger = Logger(label: "ucontact-sim")
    ) throws(SimulatorError) {
        if let problem = configuration.faults.problem {
            throw SimulatorError(code: .configuration, message: problem)
        }
        guard (0...65535).contains(configuration.port) else {
            throw SimulatorError(code: .configuration, message: "port must be between 0 and 65535")
        }
        guard configuration.maxBodyBytes > 0 else {
            throw SimulatorError(code: .configuration, message: "maxBodyBytes must be positive")
        }
        guard configuration.keptContentBytes >= 0 else {
            throw SimulatorError(code: .configuration, message: "keptContentBytes must not be negative")
        }
        self.configuration = configuration
        self.uploads = try UploadStore(
            recordDirectory: configuration.recordDirectory, keptContentBytes: configuration.keptContentBytes)
        self.sessions = SessionsAndFaults(
            users: configuration.users,
            apiTokens: configuration.apiTokens,
            faults: configuration.faults
        )
        self.logger = logger
    }

    /// The faults in force now.
    public var faults: SimulatorFaults { sessions.faults }

    /// Replaces the fault set and restarts every fault count, as `POST /_sim/faults` does.
    ///
    /// - Throws: ``SimulatorError`` (`configuration`) when the fault set is unusable.
    public func setFaults(_ faults: SimulatorFaults) throws(SimulatorError) {
        if let problem = faults.problem {
            throw SimulatorError(code: .configuration, message: problem)
        }
        sessions.replaceFaults(faults)
        logger.info("faults replaced", metadata: ["sim.faults": "\(faults)"])
    }

    /// Serves until SIGINT or SIGTERM (graceful shutdown) or until the calling task is cancelled.
    ///
    /// - Parameter onListening: called once with the bound port (the real one when configured with port 0).
    public func run(onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }) async throws {
        try await makeApplication(onListening: onListening).runService()
    }

    func makeApplication(
        onListening: @escaping @Sendable (_ port: Int) async -> Void
    ) throws(SimulatorError) -> some ApplicationProtocol {
        let port = configuration.port
        return Application(
            router: buildRouter(),
            server: try serverBuilder(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: port),
                serverName: "ucontact-sim"
            ),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    /// The URL clients use as `{base}` for a simulator listening on `port` (`https` when serving TLS).
    func baseURL(port: Int) throws(SimulatorError) -> URL {
        var host = configuration.host
        if host == "0.0.0.0" || host.isEmpty {
            host = "127.0.0.1"
        } else if host == "::" {
            host = "[::1]"
        } else if host.contains(":") {
            host = "[\(host)]"
        }
        let scheme = configuration.tls == nil ? "http" : "https"
        guard let url = URL(string: "\(scheme)://\(host):\(port)") else {
            throw SimulatorError(code: .configuration, message: "host does not form a valid URL")
        }
        return url
    }
}
