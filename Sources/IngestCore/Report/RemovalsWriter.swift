/// What became of one number a run took out of a campaign (`mode: remove` / `replace`).
public struct RemovalOutcome: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// uContact answered `1`: the number is out of the campaign's base.
        case removed
        /// Refused for good, or out of attempts (the call is safe to repeat: the next run tries again).
        case failed
        /// Not tried this run (stopped after failures, a shutdown).
        case pending
    }

    public var campaign: String
    /// The number as sent: the form the dialer base holds it in (`phone.format`).
    public var number: String
    /// Its E.164 integer (what the ledger keys it by).
    public var e164: UInt64
    public var status: Status
    public var attempts: Int
    public var detail: String?

    package init(campaign: String, number: String, e164: UInt64, status: Status, attempts: Int, detail: String? = nil) {
        self.campaign = campaign
        self.number = number
        self.e164 = e164
        self.status = status
        self.attempts = attempts
        self.detail = detail
    }
}

/// Streams the run's removals to a CSV (`file,campaign,number,status,attempts,detail`) beside the report, one
/// row per number: a purge can be hundreds of thousands of numbers, too many for the JSON report, which keeps
/// the counts. Cells are defused and quoted as the rejects' are.
package final class RemovalsWriter {
    package let path: String
    private let output: OutputFile
    private let row = GrowingBytes(capacity: 4 << 10)

    package init(path: String) throws(IngestError) {
        self.path = path
        output = try OutputFile(path: path)
        try output.write(Array("file,campaign,number,status,attempts,detail\n".utf8))
    }

    package func write(_ outcomes: [RemovalOutcome], file: String) throws(IngestError) {
        for outcome in outcomes {
            row.removeAll()
            for (index, cell) in [file, outcome.campaign, outcome.number, outcome.status.rawValue].enumerated() {
                if index > 0 { row.append(0x2C) }
                var cell = cell
                cell.withUTF8 { RejectsWriter.appendCell($0, to: row) }
            }
            row.append(0x2C)
            row.appendDecimal(outcome.attempts)
            row.append(0x2C)
            var detail = outcome.detail ?? ""
            detail.withUTF8 { RejectsWriter.appendCell($0, to: row) }
            row.append(0x0A)
            try output.write(row[0..<row.count])
        }
    }

    package func close() throws(IngestError) {
        try output.close()
    }
}
