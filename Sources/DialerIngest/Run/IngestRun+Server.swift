import AsyncHTTPClient
import Foundation
import IngestCore
import IngestDelivery
import Logging
import NIOCore

extension IngestRun {
    /// Where the server is and how the tool proves who it is, from the config and the environment.
    struct ServerAccess {
        var url: String
        var credentials: Credentials
        var http: HTTPClient.Configuration
        var timeout: TimeAmount
    }

    /// - Throws: `config-invalid` without a server URL or credentials; TLS set-up errors.
    func serverAccess() throws(IngestError) -> ServerAccess {
        let credentials = try Credentials.resolve(server: config.server)
        let environment = ProcessInfo.processInfo.environment
        guard let url = config.server.url ?? environment["UCONTACT_URL"], !url.isEmpty else {
            throw IngestError(.configInvalid, "no server: set server.url in the config or UCONTACT_URL")
        }
        var http = HTTPClient.Configuration()
        http.timeout = .init(connect: .seconds(30), read: .seconds(Int64(config.upload.timeoutSeconds)))
        if let caFile = config.server.caFile { http.tlsConfiguration = try TrustedCAs.tls(caFile: caFile) }
        return ServerAccess(
            url: url, credentials: credentials, http: http, timeout: .seconds(Int64(config.upload.timeoutSeconds)))
    }

    /// Runs `body` with a client of the server, ending the session afterwards; transport errors become
    /// `server-unavailable`.
    func withServer<Result: Sendable>(
        _ access: ServerAccess, _ body: (IntegraClient) async throws -> Result
    ) async throws(IngestError) -> Result {
        do {
            return try await HTTPClient.withHTTPClient(configuration: access.http) { http in
                let client = IntegraClient(
                    http: http, base: access.url, credentials: access.credentials, logger: logger,
                    timeout: access.timeout)
                let result = try await body(client)
                await client.endSession()
                return result
            }
        } catch let error as IngestError {
            throw error
        } catch {
            throw IngestError(
                .serverUnavailable, "the run stopped talking to uContact: \(IntegraClient.describe(error))")
        }
    }

    /// The campaign pre-flight, as `server.check_campaigns` (or `validate --check-server`) asks: the server's
    /// campaigns, or nil when they are not checked. A server that does not list them is a warning (`auto`,
    /// added to `warnings`) or stops the run (`require`).
    func campaignCheck(client: IntegraClient, warnings: inout [String]) async throws(IngestError) -> CampaignCheck? {
        let mode = options.checkServer && config.server.checkCampaigns == .off ? .auto : config.server.checkCampaigns
        guard mode != .off else { return nil }
        switch try await client.campaigns() {
        case .campaigns(let names):
            logger.info("campaigns checked", metadata: ["ingest.campaigns": "\(names.count)"])
            return CampaignCheck(known: names)
        case .unavailable(let reason) where mode == .require:
            throw IngestError(
                .campaignCheckUnavailable,
                "the server did not list its campaigns (Supervisor/campaignstatus: \(reason)) and "
                    + "server.check_campaigns is require: nothing was sent")
        case .unavailable(let reason):
            let warning =
                "campaigns not checked: the server did not list them (Supervisor/campaignstatus: \(reason)); "
                + "a base for a campaign it lacks is accepted and dropped without a word"
            logger.warning("\(warning)")
            warnings.append(warning)
            return nil
        }
    }
}
