import Foundation
import Yams

extension IngestConfig {
    /// `watch:`: the watched inbox (`dialer-ingest watch`).
    public struct Watch: Sendable, Equatable {
        /// How the worker decides that a dropped file is complete.
        public enum Readiness: String, Sendable, Equatable {
            /// Older than `min_age_seconds`, and size and mtime unchanged for `scan_interval_seconds`.
            case stable
            /// `NAME.ready` or `NAME.done` exists beside `NAME`.
            case marker
        }

        /// A file-name pattern (fnmatch, matched against the name alone) and the config its files load with.
        public struct Route: Sendable, Equatable {
            public var pattern: String
            /// A full config file; relative paths are relative to the main config's folder.
            public var config: String
            public init(pattern: String, config: String) {
                self.pattern = pattern
                self.config = config
            }
        }

        /// The folder data teams drop files into.
        public var inbox: String?
        /// Claimed files; default `processing/` beside the inbox.
        public var processing: String?
        /// Uploaded files, in `DATE/` subfolders; default `archive/` beside the inbox.
        public var archive: String?
        /// Files that were not (wholly) uploaded; default `failed/` beside the inbox.
        public var failed: String?
        public var readiness = Readiness.stable
        /// A file younger than this (by mtime) is never taken.
        public var minAgeSeconds = 30.0
        /// Size and mtime must hold still this long (two scans this far apart).
        public var scanIntervalSeconds = 5.0
        /// A full rescan this often even without inotify events (lost on network filesystems and overflow).
        public var rescanSeconds = 60.0
        /// On SIGTERM, the upload in flight may take this long before it is cancelled.
        public var shutdownSeconds = 30.0
        /// A Prometheus text file for node_exporter's textfile collector.
        public var metricsFile: String?
        /// First match wins; with routes, a file no route matches goes to `failed/`.
        public var routes: [Route] = []

        public init() {}

        static func read(_ section: YAMLSection) throws -> Watch {
            try section.requireKnownKeys([
                "inbox", "processing", "archive", "failed", "readiness", "min_age_seconds", "scan_interval_seconds",
                "rescan_seconds", "shutdown_seconds", "metrics_file", "routes",
            ])
            var watch = Watch()
            watch.inbox = try section.string("inbox")
            watch.processing = try section.string("processing")
            watch.archive = try section.string("archive")
            watch.failed = try section.string("failed")
            watch.metricsFile = try section.string("metrics_file")
            if let name = try section.string("readiness") {
                guard let readiness = Readiness(rawValue: name) else {
                    throw section.error("'watch.readiness' must be stable or marker", at: "readiness")
                }
                watch.readiness = readiness
            }
            let durations: [(String, WritableKeyPath<Watch, Double>)] = [
                ("min_age_seconds", \.minAgeSeconds), ("scan_interval_seconds", \.scanIntervalSeconds),
                ("rescan_seconds", \.rescanSeconds), ("shutdown_seconds", \.shutdownSeconds),
            ]
            for (key, path) in durations {
                guard let value = try section.double(key) else { continue }
                guard value >= 0, value <= 86_400 else {
                    throw section.error("'watch.\(key)' must be between 0 and 86400", at: key)
                }
                watch[keyPath: path] = value
            }
            if watch.rescanSeconds < 0.05 {
                throw section.error("'watch.rescan_seconds' must be at least 0.05", at: "rescan_seconds")
            }
            if let node = section.node("routes") {
                watch.routes = try readRoutes(node, section)
            }
            return watch
        }

        private static func readRoutes(_ node: Node, _ section: YAMLSection) throws -> [Route] {
            guard case .sequence(let items) = node else {
                throw YAMLSection.error("'watch.routes' must be a list", node, section.file)
            }
            let folder = (section.file as NSString).deletingLastPathComponent
            return try items.map { item in
                let entry = try YAMLSection(item, path: "watch.routes[]", file: section.file)
                try entry.requireKnownKeys(["pattern", "config"])
                guard let pattern = try entry.string("pattern"), !pattern.isEmpty, !pattern.contains("/") else {
                    throw YAMLSection.error("each route needs a 'pattern' (a file name, no '/')", item, section.file)
                }
                guard var config = try entry.string("config"), !config.isEmpty else {
                    throw YAMLSection.error("each route needs a 'config' file", item, section.file)
                }
                if !config.hasPrefix("/") && !folder.isEmpty { config = folder + "/" + config }
                return Route(pattern: pattern, config: config)
            }
        }
    }
}
