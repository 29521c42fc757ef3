/// One chunk on disk, exactly as it will be uploaded (before base64).
public struct SpooledChunk: Sendable, Equatable {
    public var filename: String
    public var path: String
    public var campaign: String
    public var timezone: String?
    /// Lines in the chunk: the `cant` form field.
    public var rows: Int
    public var bytes: Int
    /// The chunk's numbers file, when the run records numbers in the ledger: per line, in line order, its main
    /// number as its E.164 integer (`PhoneNumber.e164Key`) and the input line its record starts on, 8 bytes
    /// little-endian each (the line names the row in the rejects if an earlier load makes it a duplicate).
    public var numbers: String?

    /// The Integra endpoint this chunk goes to.
    public var endpoint: String {
        timezone == nil ? "uploadbase" : "uploadbasewithtimezone"
    }

    /// The numbers of `numbers`, sorted and without repeats (the run's duplicate check normally leaves none),
    /// or nil when the chunk has no numbers file.
    /// - Throws: `output-failed` when the file cannot be read or does not hold one number per line.
    package func sortedNumbers() throws(IngestError) -> [UInt64]? {
        guard let numbers else { return nil }
        let entries = try numberEntries(path: numbers)
        var sorted = (0..<rows).map { entries[2 * $0] }
        sorted.formSortedUnique()
        return sorted
    }

    /// The numbers file's entries (per line: number, input line), checked against the chunk's line count.
    package func numberEntries(path: String) throws(IngestError) -> [UInt64] {
        let entries = try SpillReader.readAll(path: path)
        guard entries.count == 2 * rows else {
            throw IngestError(.outputFailed, "a chunk's numbers do not match its lines", file: path)
        }
        return entries
    }
}
