import Foundation
import Logging
import Testing
import UContactSimulator

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// The campaign pre-flight end to end: the executable against a simulator that, like uContact, answers `1`
/// to an upload into a campaign it lacks and drops it.
@Suite(.serialized) struct CampaignCheckEndToEndTests {
    static let environment = UploadEndToEndTests.environment
    /// `campaigns.csv` has rows for `Ventas->` (which this server lacks) and `Cobranza->`; the BOM file
    /// loads into the config's `Cobranza->`.
    static let misspelt = "fixtures/campaigns.csv"
    static let known = "fixtures/csv-utf8-bom.csv"

    func simulator(campaigns: [String] = ["Ventas<-", "Cobranza->"], campaignStatus: Bool = true)
        -> SimulatorConfiguration
    {
        SimulatorConfiguration(
            users: ["loader": UploadEndToEndTests.password], campaigns: campaigns, campaignStatus: campaignStatus)
    }

    func config(_ temp: borrowing TemporaryDirectory, base: URL, check: String = "auto") throws -> String {
        try temp.write(
            "config.yaml",
            """
            server:
              url: \(base.absoluteString)
              check_campaigns: \(check)
            campaign: "Cobranza->"
            state_dir: \(temp.file("state"))
            upload:
              username: demo
              retry_base_ms: 10
              retry_max_ms: 50
            """)
    }

    func report(_ path: String) throws -> RunReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func aFileForACampaignTheServerLacksSendsNothingWhileTheFileBesideItLoads() async throws {
        let temp = try TemporaryDirectory()
        try await withRunningSimulator(simulator(), logger: UploadEndToEndTests.quiet) { base, simulator in
            let result = try await Tool.runDetached(
                [
                    "run", "-c", try config(temp, base: base), "--report", temp.file("report.json"), Self.misspelt,
                    Self.known,
                ], environment: Self.environment)
            #expect(result.status == 65, "\(result.stderr)")
            #expect(result.stderr.contains("[unknown-campaign]"), "\(result.stderr)")
            #expect(result.stderr.contains("'Ventas->' (did you mean 'Ventas<-'?)"), "\(result.stderr)")
            let uploads = simulator.uploads.all
            #expect(!uploads.isEmpty)
            #expect(uploads.allSatisfy { $0.filename.hasPrefix("csv-utf8-bom_") && $0.campaign == "Cobranza->" })
            #expect(uploads.allSatisfy { !$0.discarded })

            let report = try report(temp.file("report.json"))
            let failed = try #require(report.files.first { $0.path == Self.misspelt })
            #expect(failed.error?.code == .unknownCampaign)
            #expect(failed.rowsAccepted == 0 && failed.rowsHeld > 0)
            let loaded = try #require(report.files.first { $0.path == Self.known })
            #expect(loaded.status == .ok)
            #expect(uploads.map(\.cant).reduce(0, +) == loaded.rowsAccepted)
        }
    }

    @Test func validateCheckServerReportsTheSameWithoutUploading() async throws {
        let temp = try TemporaryDirectory()
        try await withRunningSimulator(simulator(), logger: UploadEndToEndTests.quiet) { base, simulator in
            let result = try await Tool.runDetached(
                [
                    "validate", "--check-server", "-c", try config(temp, base: base), "--output-dir", temp.file("out"),
                    Self.misspelt, Self.known,
                ], environment: Self.environment)
            #expect(result.status == 65, "\(result.stderr)")
            #expect(result.stderr.contains("'Ventas->' (did you mean 'Ventas<-'?)"), "\(result.stderr)")
            #expect(simulator.uploads.count == 0)
            // The failed file leaves no chunks behind; the good one's are there.
            let chunks = try temp.chunks(in: "out")
            #expect(!chunks.isEmpty && chunks.allSatisfy { $0.hasPrefix("csv-utf8-bom_") }, "\(chunks)")

            let plain = try await Tool.runDetached(
                ["validate", "-c", try config(temp, base: base), Self.misspelt], environment: Self.environment)
            #expect(plain.status == 0, "without --check-server validate never calls the server: \(plain.stderr)")
        }
    }

    @Test func aServerWithoutCampaignStatusGetsAWarningAndTheUpload() async throws {
        let temp = try TemporaryDirectory()
        let configuration = simulator(campaigns: ["Cobranza->"], campaignStatus: false)
        try await withRunningSimulator(configuration, logger: UploadEndToEndTests.quiet) { base, simulator in
            let result = try await Tool.runDetached(
                ["run", "-c", try config(temp, base: base), "--report", temp.file("report.json"), Self.known],
                environment: Self.environment)
            #expect(result.status == 0, "\(result.stderr)")
            let warnings = result.stderr.components(separatedBy: "campaigns not checked").count - 1
            #expect(warnings == 1, "warned once: \(result.stderr)")
            #expect(result.stderr.contains("HTTP 404"), "\(result.stderr)")
            #expect(simulator.uploads.count > 0)
            #expect(try report(temp.file("report.json")).warnings?.count == 1)
        }
    }

    @Test func requireStopsARunWhenTheServerCannotListCampaigns() async throws {
        let temp = try TemporaryDirectory()
        let configuration = simulator(campaigns: ["Cobranza->"], campaignStatus: false)
        try await withRunningSimulator(configuration, logger: UploadEndToEndTests.quiet) { base, simulator in
            let result = try await Tool.runDetached(
                ["run", "-c", try config(temp, base: base, check: "require"), Self.known],
                environment: Self.environment)
            #expect(result.status == 69, "\(result.stderr)")
            #expect(result.stderr.contains("[campaign-check-unavailable]"), "\(result.stderr)")
            #expect(simulator.uploads.count == 0)
        }
    }

    @Test func offSendsWithoutAskingAndTheServerDropsTheBase() async throws {
        let temp = try TemporaryDirectory()
        try await withRunningSimulator(simulator(), logger: UploadEndToEndTests.quiet) { base, simulator in
            let result = try await Tool.runDetached(
                ["run", "-c", try config(temp, base: base, check: "off"), Self.misspelt],
                environment: Self.environment)
            // What the check exists for: uContact answers 1, and the Ventas-> base is gone.
            #expect(result.status == 0, "\(result.stderr)")
            #expect(simulator.uploads.all.contains { $0.campaign == "Ventas->" && $0.discarded })
        }
    }
}
