import Hummingbird
import Logging

extension Simulator {
    /// `Dialers/RemoveContact`: form `campaign` and `number`, answer `1`. Admitted like an upload (its faults,
    /// its authentication), since a loader retries it like one. The simulator is stricter than the vendor page
    /// says: both fields must be present and the number must be the digits of a phone number (an optional
    /// leading `+`), so a client that sends a formatted or empty number is caught here.
    func removeContact(_ request: Request) async throws -> Response {
        let fields = try await formFields(request)
        return try await admitted(request, path: "Dialers/RemoveContact") { _, _ in
            guard let campaign = fields["campaign"], !campaign.isEmpty, let number = fields["number"] else {
                return Self.text(.badRequest, "missing form field 'campaign' or 'number'")
            }
            guard Self.isDialable(number) else {
                return Self.text(
                    .badRequest, "form field 'number' must be 3 to 20 digits, with an optional leading '+'")
            }
            let removal = removals.record(campaign: campaign, number: number, discarded: !hasCampaign(campaign))
            logger.info(
                removal.discarded ? "removal from an unknown campaign, ignored" : "number removed",
                metadata: ["sim.seq": "\(removal.seq)", "sim.campaign": "\(campaign)"])
            return Self.text(.ok, "1")
        }
    }

    private static func isDialable(_ number: String) -> Bool {
        let digits = number.utf8.first == UInt8(ascii: "+") ? number.utf8.dropFirst() : number.utf8[...]
        return (3...20).contains(digits.count) && digits.allSatisfy { (0x30...0x39).contains($0) }
    }
}
