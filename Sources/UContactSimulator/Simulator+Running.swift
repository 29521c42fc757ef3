import Foundation
import Hummingbird
import Logging
// Hummingbird's Application is a ServiceLifecycle Service; the module comes with Hummingbird.
import ServiceLifecycle

/// Runs a simulator on its configured address (an ephemeral port by default) for the duration of `body`.
///
/// The server is listening before `body` starts and is shut down gracefully (requests in flight finish, at most
/// 5 seconds) and awaited when `body` returns or throws; nothing outlives the call.
///
/// ```swift
/// var configuration = SimulatorConfiguration(users: ["loader": "secret"], recordDirectory: tempDir.path)
/// configuration.faults.dropAfterApply = 1
/// try await withRunningSimulator(configuration) { baseURL, simulator in
///     // point the client at baseURL (http://127.0.0.1:PORT), run it, then:
///     #expect(simulator.uploads.all.map(\.campaign) == ["Ventas->"])
/// }
/// ```
/// - Parameters:
///   - configuration: what to serve; see ``SimulatorConfiguration``.
///   - logger: receives one line per request at `.info` (users and paths only, never secrets).
///   - body: gets the base URL (`http://HOST:PORT`, `https` with TLS, no path) and the running ``Simulator``.
/// - Returns: what `body` returns.
/// - Throws: ``SimulatorError`` when the simulator cannot start, or what `body` throws.
public func withRunningSimulator<Result>(
    _ configuration: SimulatorConfiguration = SimulatorConfiguration(),
    logger: Logger = Logger(label: "ucontact-sim"),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (_ baseURL: URL, _ simulator: Simulator) async throws -> Result
) async throws -> Result {
    let simulator = try Simulator(configuration: configuration, logger: logger)
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let application = try simulator.makeApplication { port in
        portContinuation.yield(port)
        portContinuation.finish()
    }
    var groupConfiguration = ServiceGroupConfiguration(services: [application], logger: logger)
    // A client that never finishes its request must not keep the caller waiting forever.
    groupConfiguration.maximumGracefulShutdownDuration = .seconds(5)
    let serviceGroup = ServiceGroup(configuration: groupConfiguration)
    return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
        group.addTask {
            // Ends the port stream if the server stops without ever listening (port taken, bad host).
            defer { portContinuation.finish() }
            try await serviceGroup.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            do {
                try await group.waitForAll()
            } catch {
                throw SimulatorError(code: .notListening, message: "the simulator could not start", cause: error)
            }
            throw SimulatorError(code: .notListening, message: "the simulator stopped before listening")
        }
        do {
            let result = try await body(simulator.baseURL(port: port), simulator)
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            return result
        } catch {
            await serviceGroup.triggerGracefulShutdown()
            try? await group.waitForAll()
            throw error
        }
    }
}
