/// A lead file opened as a table: delimiter chosen (configured or sniffed), header row read and decoded.
struct TableReader {
    let delimiter: UInt8
    let tokenizer: CSVTokenizer
    var decoder: RecordDecoder
    let headers: [String]
    /// The line the header row is on.
    let headerLine: Int

    /// - Throws: `empty-file` when there is not even a header row.
    init(_ input: OpenedInput, config: IngestConfig) throws(IngestError) {
        delimiter = config.input.delimiter ?? DelimiterSniffer.sniff(input.head[...])
        tokenizer = CSVTokenizer(
            source: input.text, firstBlock: input.head, delimiter: delimiter,
            maxRecordBytes: config.limits.maxRecordBytes, path: input.file.path)
        decoder = RecordDecoder(encoding: input.encoding, fixed: input.encodingFixed)
        var record = CSVRecord()
        guard try tokenizer.next(into: &record) else {
            throw IngestError(.emptyFile, "the file is empty: no header row", file: input.file.path)
        }
        _ = decoder.decode(&record)
        headers = (0..<record.count).map { record.string($0) }
        headerLine = record.line
    }

    /// Writes the next data record to `record`, decoded to UTF-8 in place; nil at the end of the file.
    /// - Returns: false when the record's bytes are not valid in the file's encoding (reject it).
    /// - Throws: the tokenizer's errors; `binary-file` at the first NUL byte (text files have none; the
    ///   opener only looks at the first 64 KiB, so this catches a binary blob or corruption further in).
    mutating func next(into record: inout some RecordSink & ~Copyable) throws(IngestError) -> Bool? {
        guard try tokenizer.next(into: &record) else { return nil }
        if record.withRecordFields(\.containsNUL) {
            throw IngestError(
                .binaryFile, "a NUL byte: binary data or a corrupt file, not CSV text", file: tokenizer.path,
                line: record.recordLine)
        }
        return decoder.decode(&record)
    }
}
