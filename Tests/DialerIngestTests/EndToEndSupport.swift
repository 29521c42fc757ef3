import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// Runs the built `dialer-ingest` executable the way a user does, from the package root.
enum Tool {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var fixtures: URL { packageRoot.appendingPathComponent("fixtures") }

    static var executable: URL {
        get throws {
            let candidates = [
                URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                Bundle.main.bundleURL,
                Bundle.main.bundleURL.deletingLastPathComponent(),
            ]
            for directory in candidates {
                let url = directory.appendingPathComponent("dialer-ingest")
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
            throw ToolError.notBuilt
        }
    }

    enum ToolError: Error { case notBuilt }

    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `dialer-ingest ARGS` in the package root and waits for it.
    /// - Parameter environment: added to a minimal environment (no UCONTACT_* from the caller's).
    static func run(
        _ arguments: [String], environment: [String: String] = [:], started: ((Process) -> Void)? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = try executable
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        var base = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("UCONTACT_") }
        base.merge(environment) { $1 }
        process.environment = base
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        started?(process)
        // Read before waiting, so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A fresh temporary directory, removed when the test is done with it.
struct TemporaryDirectory: ~Copyable {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("dialer-ingest-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Chunk files (`*.txt`) in `subfolder`, sorted by name.
    func chunks(in subfolder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: file(subfolder)).filter { $0.hasSuffix(".txt") }.sorted()
    }
}

/// The `IngestError` that `body` throws (nil, and a recorded issue, for any other error).
func ingestError(_ body: () throws -> Void) -> IngestError? {
    do {
        try body()
    } catch let error as IngestError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
    }
    return nil
}

func readLines(_ path: String) throws -> [String] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        .map(String.init)
}

extension Tool {
    /// `run` on a plain thread: waiting for the process must not hold a Swift-concurrency thread that an
    /// in-process server (the simulator) needs to answer it.
    static func runDetached(
        _ arguments: [String], environment: [String: String] = [:], started: (@Sendable (Process) -> Void)? = nil
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Swift.Result { try run(arguments, environment: environment, started: started) })
            }
        }
    }
}
