/// One chunk on disk, exactly as it will be uploaded (before base64).
public struct SpooledChunk: Sendable, Equatable {
    public var filename: String
    public var path: String
    public var campaign: String
    public var timezone: String?
    /// Lines in the chunk: the `cant` form field.
    public var rows: Int
    public var bytes: Int
    /// The chunk's numbers file, when the run records numbers in the ledger: each line's main number as its
    /// E.164 integer (`PhoneNumber.e164Key`), 8 bytes little-endian, in line order.
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
        var values = try SpillReader.readAll(path: numbers)
        guard values.count == rows else {
            throw IngestError(.outputFailed, "a chunk's numbers do not match its lines", file: numbers)
        }
        values.sort()
        var unique = 0
        for index in values.indices where unique == 0 || values[unique - 1] != values[index] {
            values[unique] = values[index]
            unique += 1
        }
        values.removeLast(values.count - unique)
        return values
    }
}
