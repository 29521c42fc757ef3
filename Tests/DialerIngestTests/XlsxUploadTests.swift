import Foundation
import Testing
import UContactSimulator

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// A real upload of workbooks to the simulator: a good workbook's rows arrive, a bad one sends nothing.
@Suite struct XlsxUploadTests {
    @Test func onlyTheGoodWorkbookReachesTheDialer() async throws {
        let temp = try TemporaryDirectory()
        let uploads = UploadEndToEndTests()
        let bad = XlsxEndToEndTests.badWorkbooks.map(\.file)
        // What the good workbook must deliver: the lines of its dry-run chunks.
        let dry = try Tool.run(
            ["validate", "-c", "fixtures/config.yaml", "--output-dir", temp.file("dry"), "fixtures/xlsx/leads.xlsx"])
        #expect(dry.status == 0, "\(dry.stderr)")
        let expected = try temp.chunks(in: "dry").flatMap { try readLines(temp.file("dry/\($0)")).dropLast() }.sorted()
        #expect(expected.count == 5)

        try await withRunningSimulator(uploads.simulatorConfig(), logger: UploadEndToEndTests.quiet) {
            base, simulator in
            let config = try uploads.config(temp, base: base)
            let result = try await Tool.runDetached(
                ["run", "-c", config] + bad + ["fixtures/xlsx/leads.xlsx"], environment: UploadEndToEndTests.environment
            )
            #expect(result.status == 65, "\(result.stderr)")
            for file in bad {
                #expect(result.stderr.contains("\(file): FAILED: "), "\(result.stderr)")
            }
            #expect(uploads.received(simulator) == expected)
        }
    }
}
