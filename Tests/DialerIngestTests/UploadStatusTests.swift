import Foundation
import IngestCore
import Testing

/// The report's chunk statuses are an enum in code and the same kebab-case words in JSON as before.
@Suite struct UploadStatusTests {
    @Test func statusesAreSpeltAsTheReportAlwaysHadThem() throws {
        let spelled = try UploadStatus.allCases.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        #expect(
            spelled == [
                #""dry-run""#, #""accepted""#, #""failed""#, #""uncertain""#, #""already-uploaded""#, #""pending""#,
            ])
        #expect(UploadStatus.allCases.filter(\.isDelivered) == [.dryRun, .accepted, .alreadyUploaded])
    }
}
