import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built executable as a child with `posix_spawn` and reaps it with `wait4`, so a test can bound
/// the child's peak memory (`ru_maxrss`) and wall time on hostile input. Output goes to files, not pipes;
/// pass absolute paths (the child inherits the test's working directory).
struct MeasuredRun {
    var status: Int32
    var stderr: String
    /// Peak resident set of the child, in MiB.
    var peakMiB: Int
    var seconds: Double

    static func run(_ arguments: [String], in temp: borrowing TemporaryDirectory) throws -> MeasuredRun {
        let executable = try Tool.executable.path
        let errPath = temp.file("measured-stderr.txt")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // The child keeps nothing of the test process but stdio: posix_spawn would hand it every open
        // descriptor, and the in-process simulator's sockets (SwiftNIO accepts without CLOEXEC) would then
        // stay open, no FIN sent, for as long as this child runs. bash (dash takes one-digit descriptors only) closes them and `exec`s the tool
        // in the same process, so `wait4` still measures the tool.
        let closeInherited =
            "for fd in /proc/$$/fd/*; do n=${fd##*/}; if [ \"$n\" -gt 2 ]; then eval \"exec $n>&-\" 2>/dev/null; fi; done; exec \"$@\""
        let argv =
            (["/bin/bash", "-c", closeInherited, "dialer-ingest", executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("UCONTACT_") }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let start = Date()
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, argv, envp)
        guard spawned == 0 else { throw MeasureError.spawnFailed(spawned) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw MeasureError.waitFailed(errno) }
        }
        let seconds = Date().timeIntervalSince(start)
        let exited = (status & 0x7F) == 0
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return MeasuredRun(
            status: exited ? (status >> 8) & 0xFF : -(status & 0x7F), stderr: stderr,
            peakMiB: Int(usage.ru_maxrss) / 1024, seconds: seconds)
    }

    enum MeasureError: Error {
        case spawnFailed(Int32)
        case waitFailed(Int32)
    }
}
