import ArgumentParser
import CHotPath
import Foundation
import UContactSimulator

/// `ucontact-sim`: serve the simulated uContact Integra API until SIGINT or SIGTERM.
@main
struct UContactSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ucontact-sim",
        abstract: "A local stand-in for uContact's Integra upload API, as strict as a real server, with faults.",
        discussion: """
            Once listening, prints exactly one line to standard output:
              ucontact-sim listening on http://HOST:PORT
            (with --port 0, the port the system chose). Logs go to standard error.
            Control endpoints: GET /_sim/uploads, GET /_sim/faults, POST /_sim/faults (JSON).

            Exit codes: 0 stopped by SIGINT/SIGTERM, 64 bad arguments, 1 could not start or serve.
            """
    )

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind; 0 picks a free one.")
    var port = 8080

    @Option(name: .customLong("record-dir"), help: "Write accepted uploads and uploads.jsonl here.")
    var recordDirectory: String?

    @Option(
        name: .customLong("keep-content-mb"),
        help: "Keep the newest decoded files in memory up to this many MiB; older uploads keep their metadata.")
    var keepContentMegabytes = 256

    @Option(
        name: .customLong("user"),
        help: ArgumentHelp("A login as NAME:PASSWORD; repeatable. Default: demo:demo.", valueName: "NAME:PASSWORD")
    )
    var users: [String] = []

    @Option(name: .customLong("api-token"), help: "A bearer API token to accept; repeatable.")
    var apiTokens: [String] = []

    @Option(
        name: .customLong("campaign"),
        help: ArgumentHelp(
            "A campaign the server has; repeatable. Default: Ventas->, Cobranza->, Ventas<-. An upload into any"
                + " other is answered 1 and discarded, as uContact does.", valueName: "NAME"))
    var campaigns: [String] = []

    @Flag(help: "Answer Supervisor/campaignstatus with 404, like a server without that call.")
    var noCampaignStatus = false

    @Flag(help: "Read request bodies sent with Transfer-Encoding: chunked (refused with 411 by default).")
    var acceptChunked = false

    @Option(help: "Fail the first N upload requests with --fail-status.")
    var failFirst = 0

    @Option(help: "Status for --fail-first.")
    var failStatus = 503

    @Option(help: "Answer the next N upload requests with 429 and Retry-After.")
    var throttleFirst = 0

    @Option(help: "Seconds in Retry-After for --throttle-first.")
    var retryAfter = 1

    @Option(name: .customLong("delay-ms"), help: "Wait this many milliseconds before every upload answer.")
    var delayMilliseconds = 0

    @Option(help: "Record the first N accepted uploads, then close the connection without answering.")
    var dropAfterApply = 0

    @Flag(help: "Answer every login with 0.")
    var refuseLogin = false

    @Option(help: "A session token works for N upload requests, then gets 401.")
    var tokenUses: Int?

    @Option(name: .customLong("tls-cert"), help: "Serve HTTPS with this PEM certificate (needs --tls-key).")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "The PEM private key of --tls-cert.")
    var tlsKey: String?

    func validate() throws {
        _ = try parsedUsers()
        guard (tlsCertificate == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        if let problem = faults.problem {
            throw ValidationError(problem)
        }
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535")
        }
        guard (0...(1 << 30)).contains(keepContentMegabytes) else {
            throw ValidationError("--keep-content-mb must be between 0 and \(1 << 30)")
        }
    }

    func run() async throws {
        Self.keepUploadBuffersMapped()
        let configuration = SimulatorConfiguration(
            host: host,
            port: port,
            users: try parsedUsers(),
            apiTokens: Set(apiTokens),
            recordDirectory: recordDirectory,
            keptContentBytes: keepContentMegabytes << 20,
            campaigns: campaigns.isEmpty ? SimulatorConfiguration.demoCampaigns : campaigns,
            campaignStatus: !noCampaignStatus,
            acceptChunkedBodies: acceptChunked,
            faults: faults,
            tls: tls
        )
        let simulator: Simulator
        do {
            simulator = try Simulator(configuration: configuration)
        } catch {
            throw ValidationError(error.message)
        }
        let host = self.host
        try await simulator.run { port in
            // FileHandle writes are unbuffered, so a parent reading our stdout sees the line at once.
            let scheme = configuration.tls == nil ? "http" : "https"
            FileHandle.standardOutput.write(Data("ucontact-sim listening on \(scheme)://\(host):\(port)\n".utf8))
        }
    }

    /// Every upload allocates a few buffers of its body's size (megabytes). glibc serves those with a fresh
    /// `mmap` each and unmaps them when freed, so every request faulted in and zeroed new pages (a sixth of the
    /// simulator's CPU in the upload benchmark). Taken from the heap and kept there, they are reused.
    private static func keepUploadBuffersMapped() {
        #if canImport(Glibc)
            hotpath_keep_large_blocks_mapped()
        #endif
    }

    private var tls: SimulatorTLS? {
        guard let tlsCertificate, let tlsKey else { return nil }
        return SimulatorTLS(certificatePath: tlsCertificate, privateKeyPath: tlsKey)
    }

    private var faults: SimulatorFaults {
        SimulatorFaults(
            failFirst: failFirst,
            failStatus: failStatus,
            throttleFirst: throttleFirst,
            retryAfterSeconds: retryAfter,
            delayMilliseconds: delayMilliseconds,
            dropAfterApply: dropAfterApply,
            refuseLogin: refuseLogin,
            tokenUses: tokenUses
        )
    }

    private func parsedUsers() throws -> [String: String] {
        guard !users.isEmpty else { return ["demo": "demo"] }
        var parsed: [String: String] = [:]
        for entry in users {
            guard let colon = entry.firstIndex(of: ":"), colon != entry.startIndex else {
                throw ValidationError("--user takes NAME:PASSWORD")
            }
            parsed[String(entry[..<colon])] = String(entry[entry.index(after: colon)...])
        }
        return parsed
    }
}
