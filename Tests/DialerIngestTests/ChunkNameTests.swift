import Foundation
import PhoneNumbers
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

@Suite("Chunk names")
struct ChunkNameTests {
    private static let sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

    private static func isSafe(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789._-".unicodeScalars.contains($0))
            }
    }

    @Test func shape() {
        #expect(
            ChunkName.make(stem: "leads", sha256: Self.sha, campaign: "Ventas", zone: nil, index: 3)
                == "leads_01234567_Ventas_0003.txt")
        #expect(
            ChunkName.make(stem: "a", sha256: Self.sha, campaign: "B", zone: nil, index: 12_345).hasSuffix("_12345.txt")
        )
    }

    @Test(arguments: [
        "Ventas->", "Ventas<-", "Campaña ñ", "a/b\\c", "../../etc", "x y", "日本", "", "Ventas_1", "Ventas-1",
    ])
    func namesAreSafeAndDeterministic(_ campaign: String) {
        let name = ChunkName.make(
            stem: "my leads (1)", sha256: Self.sha, campaign: campaign, zone: "America/Montevideo", index: 1)
        #expect(Self.isSafe(name), "\(name)")
        #expect(!name.contains(".."))
        #expect(
            name
                == ChunkName.make(
                    stem: "my leads (1)", sha256: Self.sha, campaign: campaign, zone: "America/Montevideo", index: 1))
    }

    @Test func differentCampaignsGetDifferentNames() {
        let campaigns = [
            "Ventas->", "Ventas<-", "Ventas", "Ventas_1", "Ventas-1", "Ventas 1",
            String(repeating: "a", count: 41), String(repeating: "a", count: 42),
        ]
        let names = campaigns.map { ChunkName.make(stem: "f", sha256: Self.sha, campaign: $0, zone: nil, index: 1) }
        #expect(Set(names).count == campaigns.count, "\(names)")
        #expect(
            ChunkName.make(stem: "f", sha256: Self.sha, campaign: "V", zone: "America/Montevideo", index: 1)
                != ChunkName.make(
                    stem: "f", sha256: Self.sha, campaign: "V", zone: "America/Argentina/Buenos_Aires", index: 1))
    }

    @Test(arguments: [
        ("/in/leads.csv", "leads"), ("/in/Leads.CSV.gz", "Leads"), ("base.txt", "base"), ("x.tsv.gz", "x"),
        ("/in/.csv", "input"), ("noext", "noext"),
    ])
    func stems(_ path: String, _ stem: String) {
        #expect(ChunkName.stem(ofPath: path) == stem)
    }
}
