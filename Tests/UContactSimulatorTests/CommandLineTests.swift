import Foundation
import Synchronization
import Testing
import UContactSimulator

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The built `ucontact-sim` executable, run as a subprocess.
@Suite struct CommandLineTests {
    @Test func printsOneListeningLineServesAndStopsCleanlyOnSIGTERM() async throws {
        try await withTemporaryDirectory { directory in
            let run = try SimulatorProcess.start([
                "--port", "0", "--record-dir", directory.path, "--user", "loader:secret",
                "--api-token", "api-token-1", "--throttle-first", "1", "--retry-after", "3",
            ])
            defer { run.process.terminate() }
            let line = try await run.firstLine()
            let match = try #require(line.wholeMatch(of: /ucontact-sim listening on http:\/\/127\.0\.0\.1:(\d+)/))
            let port = try #require(Int(match.1))
            #expect(port > 0)

            let baseURL = try #require(URL(string: "http://127.0.0.1:\(port)"))
            try await SimulatorClient.with(baseURL) { client in
                #expect(try await client.token().isEmpty == false)
                let throttled = try await client.upload(uploadFields(), authorization: "Bearer api-token-1")
                #expect(throttled.status == 429 && throttled.headers["retry-after"] == "3")
                let accepted = try await client.upload(uploadFields(), authorization: "Bearer api-token-1")
                #expect(accepted.body == "1")
            }
            let recorded = directory.appendingPathComponent("000001-base.txt")
            #expect(try String(contentsOf: recorded, encoding: .utf8) == sampleFile)

            run.process.terminate()
            let status = await run.exitStatus()
            #expect(status == 0)
            #expect(run.standardOutput() == line + "\n")
        }
    }

    @Test func defaultsLetTheDemoUserIn() async throws {
        let run = try SimulatorProcess.start(["--port", "0"])
        defer { run.process.terminate() }
        let line = try await run.firstLine()
        let address = try #require(line.split(separator: " ").last)
        let baseURL = try #require(URL(string: String(address)))
        try await SimulatorClient.with(baseURL) { client in
            let token = try await client.token(user: "demo", password: "demo")
            #expect(!token.isEmpty)
        }
        run.process.interrupt()
        #expect(await run.exitStatus() == 0)
    }

    @Test(arguments: [
        ["--fail-status", "200"], ["--user", "nopassword"], ["--token-uses", "0"], ["--port", "70000"],
        ["--keep-content-mb", "-1"],
    ])
    func badArgumentsExitWith64AndPrintNothingOnStdout(arguments: [String]) async throws {
        let run = try SimulatorProcess.start(["--port", "0"] + arguments)
        defer { run.process.terminate() }
        #expect(await run.exitStatus() == 64)
        #expect(run.standardOutput().isEmpty)
    }
}

/// A running `ucontact-sim` with its standard output collected on a reader thread.
final class SimulatorProcess: Sendable {
    let process: Process
    private let output = Mutex(Data())
    private let lines: AsyncStream<String>
    private let exited: AsyncStream<Int32>

    private init(process: Process, lines: AsyncStream<String>, exited: AsyncStream<Int32>) {
        self.process = process
        self.lines = lines
        self.exited = exited
    }

    /// Starts the executable built next to this test bundle.
    static func start(_ arguments: [String]) throws -> SimulatorProcess {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        let (lines, lineContinuation) = AsyncStream.makeStream(of: String.self)
        let (exited, exitContinuation) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { finished in
            exitContinuation.yield(finished.terminationStatus)
            exitContinuation.finish()
        }
        let run = SimulatorProcess(process: process, lines: lines, exited: exited)
        try process.run()
        let reader = stdout.fileHandleForReading
        Thread {
            var pending = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                run.output.withLock { $0.append(chunk) }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    lineContinuation.yield(String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            lineContinuation.finish()
        }.start()
        return run
    }

    /// The first line on standard output, waiting at most 30 seconds.
    func firstLine() async throws -> String {
        let lines = self.lines
        let process = self.process
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                var iterator = lines.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            // A stuck process keeps the reader waiting; stopping it ends the stream.
            if first == nil { process.terminate() }
            return try #require(first)
        }
    }

    /// Everything written to standard output so far.
    func standardOutput() -> String {
        output.withLock { String(decoding: $0, as: UTF8.self) }
    }

    /// The exit status once the process has ended; nil (and the process killed) if it runs 30 seconds more.
    func exitStatus() async -> Int32? {
        let exited = self.exited
        let process = self.process
        return await withTaskGroup(of: Int32?.self) { group in
            group.addTask {
                var iterator = exited.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if first == nil { process.terminate() }
            return first
        }
    }

    private static func executable() throws -> URL {
        let candidates = [
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ]
        for directory in candidates {
            let url = directory.appendingPathComponent("ucontact-sim")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw ExecutableNotFound(searched: candidates.map(\.path))
    }
}

struct ExecutableNotFound: Error, CustomStringConvertible {
    var searched: [String]
    var description: String { "ucontact-sim not found next to the test bundle; searched \(searched)" }
}
