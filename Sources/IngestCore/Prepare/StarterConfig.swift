import Foundation

/// Writes a commented starter config from a sample export: what `dialer-ingest init` prints.
public enum StarterConfig {
    /// - Throws: `IngestError` when the sample cannot be read or has no recognisable number column.
    public static func make(samplePath: String, region: String, campaign: String) throws(IngestError) -> String {
        var config = IngestConfig()
        config.phone.defaultRegion = region.uppercased()
        var table = try RecordReaders.open(path: samplePath, config: config)
        let headers = table.headers
        let delimiter = table.delimiter
        let map = try ColumnMap.resolve(headers: headers, columns: nil, file: samplePath, line: table.headerLine)
        var record = CSVRecord()
        // A few rows settle the encoding (Windows-1252 shows itself at the first accented letter).
        var rows = 0
        while rows < 10_000, try table.next(into: &record) != nil {
            rows += 1
        }
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        let delimiterName = DelimiterSniffer.name(of: delimiter)
        let format =
            table.sheetName.map { "sheet \(quoted($0))" }
            ?? "encoding \(table.encodingName), delimiter \(delimiterName)"
        var lines = [
            "# dialer-ingest config drafted from \(Terminal.escaped(samplePath))",
            "# detected: \(format)" + (table.compressed ? ", gzip" : "") + ", \(headers.count) columns",
            "campaign: \(quoted(campaign))            # rows without a campaign column go here",
            "phone:",
            "  default_region: \(config.phone.defaultRegion)              # numbers without +country",
            "  format: national                 # national | e164 | international",
            "upload:",
            "  username: loader                 # the uContact user the base is loaded as",
            "  chunk_rows: 50000",
            "limits:",
            "  max_reject_ratio: 0.5            # above it the whole file fails and nothing is sent",
            "input:",
        ]
        if let sheet = table.sheetName {
            lines.append("  sheet: \(quoted(sheet))")
        } else {
            lines.append("  delimiter: \(quoted(delimiterName == "tab" ? "tab" : delimiterName))")
            lines.append("  encoding: \(table.encodingName)")
        }
        lines += [
            "columns:",
            "  number: \(quoted(headers[map.number]))",
        ]
        if !map.alternatives.isEmpty {
            lines.append(
                "  alternatives: [" + map.alternatives.map { quoted(headers[$0.index]) }.joined(separator: ", ") + "]")
        }
        for (role, index) in [
            ("priority", map.priority), ("agentphone", map.agentphone), ("campaign", map.campaign),
            ("timezone", map.timezone),
        ] {
            if let index { lines.append("  \(role): \(quoted(headers[index]))") }
        }
        lines.append("  vars:                            # uContact key: column (reach the workflow and forms)")
        for variable in map.vars {
            lines.append("    \(quoted(variable.key)): \(quoted(headers[variable.index]))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
