import Foundation
import Testing

@testable import IngestCore

/// The report's chunk statuses and file failure codes are enums in code and the same kebab-case words in
/// JSON as before.
@Suite struct UploadStatusTests {
    @Test func statusesAreSpeltAsTheReportAlwaysHadThem() throws {
        let spelled = try UploadStatus.allCases.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        #expect(
            spelled == [
                #""dry-run""#, #""accepted""#, #""failed""#, #""uncertain""#, #""already-uploaded""#, #""pending""#,
            ])
        #expect(UploadStatus.allCases.filter(\.isDelivered) == [.dryRun, .accepted, .alreadyUploaded])
    }

    @Test func failureCodesAreSpeltAsTheReportAlwaysHadThem() throws {
        let failure = FileReport.Failure(code: .rejectRatio, message: "over", line: nil, cause: nil)
        let json = String(decoding: try JSONEncoder().encode(failure), as: UTF8.self)
        #expect(json.contains(#""code":"reject-ratio""#))
        let unforeseen = FileReport.Failure(code: .internalError, message: "bug", line: nil, cause: nil)
        let decoded = try JSONDecoder().decode(FileReport.Failure.self, from: try JSONEncoder().encode(unforeseen))
        #expect(decoded.code == .internalError)
        #expect(IngestError.Code.internalError.rawValue == "internal")
    }
}
