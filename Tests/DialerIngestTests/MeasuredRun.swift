import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built executable under `peak-rss` (Tests/PeakRSS), which forks it from a small process of its
/// own and reaps it with `wait4`, so a test can bound the tool's peak memory (`ru_maxrss`) and wall time on
/// hostile input. Spawned straight from the test process, the tool would inherit the test process's peak
/// (Linux carries it across exec). Output goes to files, not pipes; pass absolute paths (the child inherits
/// the test's working directory).
struct MeasuredRun {
    var status: Int32
    var stderr: String
    /// Peak resident set of the tool, in MiB.
    var peakMiB: Int
    var seconds: Double

    static func run(_ arguments: [String], in temp: borrowing TemporaryDirectory) throws -> MeasuredRun {
        let executable = try Tool.executable
        let meter = executable.deletingLastPathComponent().appendingPathComponent("peak-rss").path
        let errPath = temp.file("measured-stderr.txt")
        let peakPath = temp.file("measured-peak.txt")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = (["peak-rss", peakPath, executable.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("UCONTACT_") }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let start = Date()
        let spawned = posix_spawn(&pid, meter, &actions, nil, argv, envp)
        guard spawned == 0 else { throw MeasureError.spawnFailed(spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw MeasureError.waitFailed(errno) }
        }
        let seconds = Date().timeIntervalSince(start)
        let exitCode = (status >> 8) & 0xFF
        // peak-rss writes the figure only once the tool has been reaped: without it, the meter failed.
        let peak = try? String(contentsOfFile: peakPath, encoding: .utf8)
        guard (status & 0x7F) == 0, let kib = Int(peak?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
        else { throw MeasureError.meterFailed(status) }
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        // peak-rss exits 128 + N when the tool died of signal N: reported as -N, as a shell would not.
        return MeasuredRun(
            status: exitCode >= 128 ? -(exitCode - 128) : exitCode, stderr: stderr, peakMiB: kib / 1024,
            seconds: seconds)
    }

    enum MeasureError: Error {
        case spawnFailed(Int32)
        case waitFailed(Int32)
        case meterFailed(Int32)
    }
}
