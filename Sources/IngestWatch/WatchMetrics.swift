import DialerIngest
import Foundation
import IngestCore
import IngestDelivery

/// Counters for node_exporter's textfile collector, in Prometheus text format. The file is replaced
/// atomically (written beside, then renamed) and read back at start, so counters keep growing across
/// cron runs and restarts.
struct WatchMetrics {
    let path: String?
    private var values: [String: Double] = [:]

    static let help: [(name: String, type: String, help: String)] = [
        ("dialer_ingest_watch_files_total", "counter", "Files taken from the inbox, by outcome."),
        ("dialer_ingest_watch_rows_total", "counter", "Data rows of processed files, by result."),
        ("dialer_ingest_watch_uploads_total", "counter", "Chunks of processed files, by upload status."),
        ("dialer_ingest_watch_failures_total", "counter", "Files that went to failed/ and worker errors."),
        ("dialer_ingest_watch_last_success_timestamp_seconds", "gauge", "When a file was last archived."),
        ("dialer_ingest_watch_last_scan_timestamp_seconds", "gauge", "When the inbox was last scanned."),
    ]

    init(path: String?) {
        self.path = path
        guard let path, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
    }

    mutating func add(_ name: String, _ label: (String, String)? = nil, _ amount: Double = 1) {
        values[Self.key(name, label), default: 0] += amount
    }

    mutating func set(_ name: String, _ value: Double) {
        values[name] = value
    }

    func value(_ name: String, _ label: (String, String)? = nil) -> Double {
        values[Self.key(name, label)] ?? 0
    }

    static func key(_ name: String, _ label: (String, String)?) -> String {
        guard let (key, value) = label else { return name }
        return "\(name){\(key)=\"\(value)\"}"
    }

    /// Writes the file; a failure is returned, not thrown: metrics never stop the worker.
    func write() -> String? {
        guard let path else { return nil }
        var text = ""
        for metric in Self.help {
            text += "# HELP \(metric.name) \(metric.help)\n# TYPE \(metric.name) \(metric.type)\n"
            for (key, value) in values.sorted(by: { $0.key < $1.key })
            where key == metric.name || key.hasPrefix(metric.name + "{") {
                text += "\(key) \(value == value.rounded() ? String(Int64(value)) : String(value))\n"
            }
        }
        let temporary = path + ".tmp.\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else {
                unlink(temporary)
                return String(cString: strerror(errno))
            }
        } catch {
            return "\(error)"
        }
        return nil
    }
}
