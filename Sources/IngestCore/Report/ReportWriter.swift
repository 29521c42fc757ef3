import Foundation

/// Writes the JSON report (snake_case keys, stable order) and renders the human summary.
public enum ReportWriter {
    public static func encode(_ report: RunReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(report)
    }

    package static func write(_ report: RunReport, to path: String) throws(IngestError) {
        do {
            try encode(report).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw IngestError(.outputFailed, "cannot write the report", file: path, cause: error)
        }
    }

    /// A few lines for stderr: one per file, then the totals.
    public static func summary(_ report: RunReport) -> String {
        var lines: [String] = []
        for file in report.files {
            let name = Terminal.escaped(file.path)
            if let error = file.error {
                let at = error.line.map { " (line \($0))" } ?? ""
                lines.append("\(name): FAILED\(at): \(Terminal.escaped(error.message)) [\(error.code.rawValue)]")
                if file.rowsRead == 0 { continue }
            }
            var text = "\(name): \(file.rowsRead) rows, \(file.rowsAccepted) accepted, \(file.rowsRejected) rejected"
            if file.rowsHeld > 0 { text += ", \(file.rowsHeld) held back" }
            if !file.rejectsByReason.isEmpty {
                let reasons = file.rejectsByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                text += " (" + reasons.joined(separator: ", ") + ")"
            }
            if file.status == .ok {
                text += ", \(file.chunks) chunk\(file.chunks == 1 ? "" : "s")"
                if let removals = file.removals, report.mode == IngestConfig.LoadMode.remove.rawValue {
                    text += " (-\(removals) removed)"
                } else if let removals = file.removals {
                    let unchanged = file.rejectsByReason[RejectReason.alreadyLoaded.rawValue, default: 0]
                    text += " (+\(file.rowsAccepted) new, -\(removals) removed, =\(unchanged) unchanged)"
                }
            }
            var traits = [file.encoding, file.delimiter.map { "delimiter \($0 == "tab" ? "tab" : "'\($0)'")" }]
            if file.compressed { traits.insert("gzip", at: 0) }
            text += " [" + traits.compactMap { $0 }.joined(separator: ", ") + "]"
            lines.append(text)
        }
        let totals = report.totals
        let failed = report.files.filter { $0.status == .failed }.count
        var total = "total: \(report.files.count) file\(report.files.count == 1 ? "" : "s")"
        if failed > 0 { total += " (\(failed) failed)" }
        total += ", \(totals.rowsRead) rows, \(totals.rowsAccepted) accepted, \(totals.rowsRejected) rejected"
        if totals.rowsHeld > 0 { total += ", \(totals.rowsHeld) held back (failed files)" }
        total += ", \(report.uploads.count) chunk\(report.uploads.count == 1 ? "" : "s")"
        lines.append(total)
        if !report.dryRun && !report.uploads.isEmpty {
            let statuses = Dictionary(grouping: report.uploads, by: \.status).mapValues(\.count)
            let parts = statuses.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.rawValue)" }
            lines.append("uploads: " + parts.joined(separator: ", "))
        }
        if let removals = report.removalsByStatus, !removals.isEmpty {
            let parts = removals.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            lines.append("removals: " + parts.joined(separator: ", "))
        }
        for list in report.suppression ?? [] where list.status == "ok" {
            let age = list.ageDays.map { ", \(SuppressionListState.days($0)) old" } ?? ""
            lines.append(
                "suppression list \(Terminal.escaped(list.path)) (\(list.scope)): \(list.numbers) numbers\(age)")
        }
        return lines.joined(separator: "\n")
    }
}
