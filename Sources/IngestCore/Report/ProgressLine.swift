import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A live progress line on stderr for people at a terminal: bytes of total, rows/s, rejects, ETA.
/// Silent when stderr is not a terminal (cron, CI), where only the summary is printed.
package final class ProgressLine {
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    package init(enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.enabled = enabled
    }

    /// Redraws at most four times a second.
    func update(file: String, bytes: Int64, total: Int64, rows: Int, rejects: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let share = total > 0 ? min(1, Double(bytes) / Double(total)) : 0
        let eta = share > 0.01 ? elapsed / share - elapsed : 0
        let name = Terminal.escaped(String(file.split(separator: "/").last ?? ""))
        let percent = Int(share * 100)
        let rate = Self.count(Double(rows) / elapsed)
        let text =
            "\r\(name): \(percent)% of \(Self.size(total)), \(rate) rows/s, \(rejects) rejected, ETA \(Self.duration(eta)) "
        FileHandle.standardError.write(Data(text.utf8))
        drawn = true
    }

    /// Clears the line before the summary is printed.
    package func clear() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }

    static func size(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        let rounded = unit == 0 ? String(Int(value)) : String(format: "%.1f", value)
        return "\(rounded) \(units[unit])"
    }

    static func count(_ value: Double) -> String {
        value >= 1_000_000 ? String(format: "%.1fM", value / 1_000_000) : String(Int(value / 1000)) + "k"
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 60 ? "\(total / 60)m\(total % 60)s" : "\(total)s"
    }
}
