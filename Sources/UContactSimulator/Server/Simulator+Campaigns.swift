import Foundation
import Hummingbird
import Logging

extension Simulator {
    /// `Supervisor/campaignstatus`: the configured campaigns as the vendor page shows them, a JSON object
    /// keyed by campaign name. Form `queue` empty lists every campaign; a name lists that one (and, on the
    /// real server, its agents, whom the simulator does not have); an unknown name gives `{}`.
    func campaignStatus(_ request: Request) async throws -> Response {
        let fields = try await formFields(request)
        if case .unauthorized(let reason) = sessions.admitQuery(authorization: request.headers[.authorization]) {
            return Self.text(.unauthorized, reason)
        }
        let queue = fields["queue"] ?? ""
        let listed = queue.isEmpty ? configuration.campaigns : configuration.campaigns.filter { $0 == queue }
        var object: [String: CampaignStatistics] = [:]
        for campaign in listed { object[campaign] = CampaignStatistics(campaign: campaign) }
        logger.info("campaign status", metadata: ["sim.queue": "\(queue)", "sim.campaigns": "\(listed.count)"])
        return try Self.json(object)
    }

    /// Whether an upload's campaign exists on this server.
    func hasCampaign(_ campaign: String) -> Bool {
        configuration.campaigns.contains(campaign)
    }
}

/// One campaign's figures in `campaignstatus`, with the vendor page's fields; an idle simulator's are zero.
struct CampaignStatistics: Encodable {
    var campaign: String
    var availables = 0
    var notavailables = 0
    var paused = 0
    var busy = 0
    var busypaused = 0
    var totalagents = 0
    var logged = 0
    var onwrapup = 0
    var completed = 0
    var abandoned = 0
    var talked = "00:00:00-0"
    var hold = "00:00:00-0"
    var abandonedlevel = "0"
    var totalcalls = 0
    var acd = 0
    var servicelevel = "0.0"
    var servicelevel2 = "0.0"
    var strategy = "leastrecent"
    var slevelthreshold = "3"
    var wrapup = 0
}
