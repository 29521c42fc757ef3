import Foundation
import Logging
import Testing
import UContactSimulator

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

@Suite struct CampaignCheckUnitTests {
    @Test func theClosestNameIsSuggested() {
        let known: Set = ["Ventas<-", "Cobranza->", "Encuestas->"]
        #expect(CampaignCheck.closest(to: "Ventas->", in: known) == "Ventas<-")
        #expect(CampaignCheck.closest(to: "cobranza->", in: known) == "Cobranza->")
        #expect(CampaignCheck.closest(to: "Soporte", in: known) == nil)
        let check = CampaignCheck(known: known)
        #expect(check.problem(with: ["Cobranza->"]) == nil)
        let message = check.problem(with: ["Soporte"]) ?? ""
        #expect(message.contains("'Soporte'") && message.contains("'Encuestas->'"), "\(message)")
    }

    @Test func campaignStatusAnswersAreReadAsTheVendorShowsThem() {
        let answer = """
            {"test->": {"campaign": "test->", "availables": 1},
             "SIP/1010": {"queue": "test->", "location": "SIP/1010"}}
            """
        #expect(CampaignListing.parse(Data(answer.utf8)) == .campaigns(["test->"]))
        #expect(CampaignListing.parse(Data("{}".utf8)) == .unavailable("the answer lists no campaigns"))
        #expect(
            CampaignListing.parse(Data(#"{"error": "forbidden"}"#.utf8))
                == .unavailable("the answer lists no campaigns"))
        #expect(CampaignListing.parse(Data("<html>".utf8)) == .unavailable("the answer is not a JSON object"))
        #expect(CampaignListing.parse(Data("[1]".utf8)) == .unavailable("the answer is not a JSON object"))
    }
}
