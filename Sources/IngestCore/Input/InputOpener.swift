/// A lead file opened as a stream of ASCII-compatible text (UTF-8, or Windows-1252 still to be settled).
struct OpenedInput {
    let file: FileByteSource
    /// The text after `head`.
    let text: any ByteSource
    /// Text bytes already read for detection; they come before `text`'s.
    let head: [UInt8]
    let compressed: Bool
    /// The encoding known from the first bytes; `RecordDecoder` may still settle on Windows-1252.
    let encoding: TextEncoding
    /// True when the encoding was forced or marked (BOM, UTF-16): no Windows-1252 fallback.
    let encodingFixed: Bool
}

/// Opens a lead file: gzip by its magic bytes, UTF-16 transcoded, a BOM stripped; refuses binary files
/// and workbooks with a clear error before any row is read.
enum InputOpener {
    /// Text bytes looked at to detect the encoding and sniff the delimiter.
    static let headSize = 64 * 1024

    static func open(path: String, config: IngestConfig) throws(IngestError) -> OpenedInput {
        let file = try FileByteSource(path: path)
        var first: [UInt8] = []
        _ = try file.read(into: &first)
        let isGzip = first.count >= 2 && first[0] == 0x1F && first[1] == 0x8B
        if !isGzip && path.lowercased().hasSuffix(".gz") {
            let what = first.isEmpty ? "the .gz file is empty" : "the file is named .gz but is not gzip data"
            throw IngestError(.gzipCorrupt, what, file: path)
        }
        if first.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw IngestError(
                .unsupportedFormat, "this is a zip archive (an .xlsx workbook?): save it as CSV first", file: path)
        }
        let raw = PrefixedSource(head: first, base: file)
        var source: any ByteSource = raw
        if isGzip {
            // Decompression on a thread of its own: it was a third of the reading thread's work.
            source = PrefetchingSource(
                base: try GzipByteSource(file: raw, path: path, maxRatio: config.limits.maxGzipRatio))
        }
        var head = try readHead(source)

        let bom = ByteOrderMark.detect(head)
        let forced = config.input.encoding
        var encoding = forced ?? bom?.encoding ?? ByteOrderMark.guessUTF16(head) ?? .utf8
        if let bom, forced == nil || forced == bom.encoding || (forced == .utf8 && bom.encoding == .utf8BOM) {
            head.removeFirst(bom.length)
            if forced == .utf8 { encoding = .utf8BOM }
        }
        if encoding == .utf16LE || encoding == .utf16BE {
            let transcoder = UTF16Source(base: source, bigEndian: encoding == .utf16BE, firstBlock: head[...])
            source = transcoder
            head = try readHead(transcoder)
        }
        if let nul = head.firstIndex(of: 0) {
            throw IngestError(
                .binaryFile, "binary data (a NUL byte at text offset \(nul)), not a text file", file: path,
                line: lineNumber(of: nul, in: head))
        }
        let fixed = forced != nil || encoding != .utf8
        return OpenedInput(
            file: file, text: source, head: head, compressed: isGzip, encoding: encoding, encodingFixed: fixed)
    }

    /// The line `offset` is on (LF, CRLF and a lone CR end a line, as in the tokenizer).
    static func lineNumber(of offset: Int, in text: [UInt8]) -> Int {
        var line = 1
        for index in 0..<offset where text[index] == 0x0A || (text[index] == 0x0D && text[index + 1] != 0x0A) {
            line += 1
        }
        return line
    }

    private static func readHead(_ source: any ByteSource) throws(IngestError) -> [UInt8] {
        var head: [UInt8] = []
        var block: [UInt8] = []
        while head.count < headSize, try source.read(into: &block) {
            head.append(contentsOf: block)
        }
        return head
    }
}
