import DialerIngest
import Foundation
import IngestCore
import IngestDelivery
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Tells a worker to stop after the chunk in flight; safe to call from a signal handler's task.
public final class StopSignal: Sendable {
    private let flag = Mutex(false)
    private let events: InboxEvents

    init(events: InboxEvents) {
        self.events = events
    }

    public var isSet: Bool { flag.withLock { $0 } || Task.isCancelled }

    public func set() {
        flag.withLock { $0 = true }
        events.wake()
    }
}

/// The one worker of an inbox: recovers what a killed worker left in `processing/`, then claims ready
/// files (oldest first) by renaming them into `processing/`, runs each through the pipeline, and moves it
/// to `archive/DATE/` or `failed/` with its report and rejects.
public final class InboxWorker: @unchecked Sendable {
    // @unchecked: the mutable state (readiness, warnings, metrics, summary) is touched only inside `runOnce`
    // and `runDaemon`, and `exclusively` admits one of them at a time: a second concurrent call fails.
    let config: IngestConfig
    let layout: InboxLayout
    let routes: [(pattern: String, config: IngestConfig)]
    let ledger: Ledger
    let logger: Logger
    let events: InboxEvents
    public let stop: StopSignal
    private let lock: InboxLock
    var readiness: Readiness
    var warned: Set<String> = []
    var metrics: WatchMetrics
    var summary = WatchSummary()
    /// Whether `runOnce` or `runDaemon` is running (see `exclusively`).
    private let running = Mutex(false)

    /// Takes the inbox: returns nil when another worker holds its lock.
    /// - Throws: `config-invalid` (no inbox, a bad route config), `output-failed` (folders), `ledger-failed`.
    public init?(config: IngestConfig, logger: Logger) throws(IngestError) {
        let layout = try InboxLayout(watch: config.watch)
        try layout.create()
        guard let lock = try InboxLock(inbox: layout.inbox) else { return nil }
        self.lock = lock
        let stateDirectory = config.effectiveStateDirectory
        var routes: [(String, IngestConfig)] = []
        for route in config.watch.routes {
            var routed: IngestConfig
            do {
                routed = try IngestConfig.load(path: route.config)
            } catch let error as IngestError {
                throw error
            } catch {
                throw IngestError(.configInvalid, "cannot load the route's config", file: route.config)
            }
            // One ledger for the inbox, whatever the route: exactly-once needs every send recorded in it.
            routed.stateDirectory = stateDirectory
            routes.append((route.pattern, routed))
        }
        var main = config
        main.stateDirectory = stateDirectory
        self.config = main
        self.routes = routes
        self.layout = layout
        self.logger = logger
        ledger = try Ledger(directory: stateDirectory)
        events = InboxEvents(directory: layout.inbox)
        stop = StopSignal(events: events)
        readiness = Readiness(
            mode: config.watch.readiness, minAge: config.watch.minAgeSeconds,
            stableFor: config.watch.scanIntervalSeconds)
        metrics = WatchMetrics(path: config.watch.metricsFile)
    }

    /// `--once`: finishes what is in `processing/`, then processes every ready file and returns.
    public func runOnce() async throws(IngestError) -> WatchSummary {
        try await exclusively { () async throws(IngestError) in try await once() }
    }

    private func once() async throws(IngestError) -> WatchSummary {
        try await recover()
        var ready = try scan()
        if ready.isEmpty && readiness.waiting && !stop.isSet {
            // A file counts as still only when two scans a scan interval apart saw the same size and mtime.
            try? await Task.sleep(for: .seconds(config.watch.scanIntervalSeconds))
            ready = try scan()
        }
        try await process(ready)
        writeMetrics()
        return summary
    }

    /// The daemon: until `stop` is set, scans on inotify events, every scan interval while files are
    /// settling, and every rescan interval in any case.
    public func runDaemon() async throws(IngestError) {
        try await exclusively { () async throws(IngestError) in try await daemon() }
    }

    private func daemon() async throws(IngestError) {
        logger.info(
            "watching the inbox",
            metadata: ["watch.inbox": "\(Terminal.escaped(layout.inbox))", "watch.inotify": "\(events.watching)"])
        try await recover()
        while !stop.isSet {
            try await process(try scan())
            writeMetrics()
            if stop.isSet { break }
            let watch = config.watch
            await events.wait(seconds: readiness.waiting ? watch.scanIntervalSeconds : watch.rescanSeconds)
        }
        logger.info("stopped", metadata: ["watch.inbox": "\(Terminal.escaped(layout.inbox))"])
    }

    /// Runs `body` unless `runOnce` or `runDaemon` already runs: the worker's state is used by one at a time.
    /// - Throws: `internal` for a second concurrent call, else what `body` throws.
    private func exclusively<Value>(
        _ body: () async throws(IngestError) -> Value
    ) async throws(IngestError) -> Value {
        let admitted = running.withLock { running in
            defer { running = true }
            return !running
        }
        guard admitted else {
            throw IngestError(.internalError, "the inbox worker is already running", file: layout.inbox)
        }
        defer { running.withLock { $0 = false } }
        return try await body()
    }

    /// Files left in `processing/` by a worker that died: finished first (the ledger makes the re-run send
    /// only what was not accepted).
    func recover() async throws(IngestError) {
        let listing = try InboxScanner.list(layout.processing)
        for (name, kind) in listing.skipped {
            logger.warning(
                "not a regular file in processing, moved to failed",
                metadata: ["watch.file": "\(Terminal.escaped(name))", "watch.kind": "\(kind)"])
            if kind != "non-utf8-name" {
                _ = try move(layout.processing + "/" + name, to: layout.failed, as: name)
            }
        }
        for entry in listing.files.sorted(by: { ($0.modified, $0.name) < ($1.modified, $1.name) }) {
            if stop.isSet { return }
            logger.notice(
                "recovering a file a stopped worker left", metadata: ["watch.file": "\(Terminal.escaped(entry.name))"])
            try await handle(claimed: layout.processing + "/" + entry.name, name: entry.name)
        }
    }

    /// Lists the inbox, warns once about what it will not touch, and returns the ready files.
    func scan() throws(IngestError) -> [InboxEntry] {
        let listing = try InboxScanner.list(layout.inbox)
        metrics.set("dialer_ingest_watch_last_scan_timestamp_seconds", Date().timeIntervalSince1970.rounded())
        var stillThere: Set<String> = []
        for (name, kind) in listing.skipped {
            stillThere.insert(name)
            if warned.insert(name).inserted {
                logger.warning(
                    "skipped: not a regular file",
                    metadata: ["watch.file": "\(Terminal.escaped(name))", "watch.kind": "\(kind)"])
            }
        }
        warned = warned.intersection(stillThere)
        return readiness.observe(listing.files, names: listing.names, now: Date().timeIntervalSince1970)
    }

    func process(_ ready: [InboxEntry]) async throws(IngestError) {
        for entry in ready {
            if stop.isSet { return }
            guard let claimed = try claim(entry) else { continue }
            try await handle(claimed: claimed, name: entry.name)
        }
    }

    /// Renames the file into `processing/` if it is still the regular file the scan saw; nil otherwise.
    func claim(_ entry: InboxEntry) throws(IngestError) -> String? {
        readiness.forget(entry.name)
        let path = layout.inbox + "/" + entry.name
        guard let status = FileStatus.of(path: path), status.isRegular, status.size == entry.size,
            status.modified == entry.modified
        else { return nil }
        let claimed = try move(path, to: layout.processing, as: entry.name)
        for marker in InboxName.markers(of: entry.name) { unlink(layout.inbox + "/" + marker) }
        logger.info(
            "claimed", metadata: ["watch.file": "\(Terminal.escaped(entry.name))", "watch.size": "\(entry.size)"])
        return claimed
    }

    /// Renames `path` into `directory` under `name` (or a free variant of it).
    func move(_ path: String, to directory: String, as name: String) throws(IngestError) -> String {
        do {
            return try InboxFiles.move(path, into: directory, as: name)
        } catch {
            metrics.add("dialer_ingest_watch_failures_total")
            writeMetrics()
            throw error
        }
    }

    func writeMetrics() {
        if let problem = metrics.write() {
            logger.warning("cannot write the metrics file", metadata: ["watch.reason": "\(problem)"])
        }
    }
}
