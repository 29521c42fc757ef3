import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// What a new user reads before anything runs: the version, the help, the README's promises.
@Suite struct ToolSurfaceTests {
    @Test func versionIsPrinted() throws {
        let result = try Tool.run(["--version"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == ToolVersion.current)
    }

    @Test func helpNamesEveryInputKind() throws {
        let result = try Tool.run(["run", "--help"])
        #expect(result.status == 0, "\(result.stderr)")
        for kind in ["CSV", "gzip", ".xlsx"] { #expect(result.stdout.contains(kind), "\(kind): \(result.stdout)") }
        let top = try Tool.run(["--help"])
        #expect(top.stdout.contains(".xlsx"), "\(top.stdout)")
    }

    /// The README names exactly the statuses the retry rule book retries, so the two cannot drift apart.
    @Test func theReadmeSaysWhichAnswersAreRetried() throws {
        let readme = try String(
            contentsOf: Tool.packageRoot.appendingPathComponent("README.md"), encoding: .utf8
        )
        .replacingOccurrences(of: "\n", with: " ")
        let listed = RetryPolicy.retryableStatuses.sorted().map(String.init).joined(separator: ", ")
        #expect(readme.contains("Retried: HTTP \(listed)"), "README must list: \(listed)")
    }
}
