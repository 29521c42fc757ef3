import Foundation
import IngestCore
import Testing

/// An error says what the system said underneath: a full disk and a missing permission read differently.
@Suite struct ErrorCauseTests {
    @Test func systemErrorsAreNamedByTheirErrno() throws {
        #expect(IngestError.describe(POSIXError(.ENOSPC)) == "ENOSPC: No space left on device")
        // Foundation wraps the errno of a failed call; the cause is found underneath.
        let missing = "/nonexistent-\(UUID().uuidString)/leads.csv"
        #expect(throws: (any Error).self) { _ = try String(contentsOfFile: missing, encoding: .utf8) }
        do {
            _ = try String(contentsOfFile: missing, encoding: .utf8)
        } catch {
            #expect(IngestError.describe(error) == "ENOENT: No such file or directory")
        }
        let error = IngestError(.outputFailed, "cannot write the report", file: "r.json", cause: POSIXError(.EACCES))
        #expect(error.description == "r.json: cannot write the report (EACCES: Permission denied) [output-failed]")
    }

    @Test func anOutputFolderThatCannotBeMadeSaysWhy() throws {
        let temp = try TemporaryDirectory()
        let file = try temp.write("plain.txt", "not a folder\n")
        let result = try Tool.run([
            "validate", "-c", "fixtures/config.yaml", "--output-dir", file + "/out", "fixtures/csv-utf8-bom.csv",
        ])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("ENOTDIR: Not a directory"), "\(result.stderr)")
        #expect(result.stderr.contains("[output-failed]"), "\(result.stderr)")
    }
}
