import FuzzSupport

@testable import IngestCore

/// libFuzzer entry point: bytes → BOM / UTF-16 detection → delimiter sniffing → CSV tokenizer → record decoder,
/// the path every input file takes. Input errors are expected; a crash, a hang or a broken invariant is a bug.
///
/// The first input byte picks the block size the input is handed out in and whether the delimiter is sniffed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let control = data[0]
    var bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let blockSizes = [1 + Int(control & 0x0F) * 7, 4096, 1 + Int(control >> 4)]
    var source: any ByteSource = MemorySource([], blockSizes: [1])
    var encoding = TextEncoding.utf8
    if let bom = ByteOrderMark.detect(bytes) {
        encoding = bom.encoding
        bytes.removeFirst(bom.length)
    } else if let guessed = ByteOrderMark.guessUTF16(bytes) {
        encoding = guessed
    }
    var head: [UInt8] = []
    do {
        if encoding == .utf16LE || encoding == .utf16BE {
            let transcoder = UTF16Source(
                base: MemorySource(bytes, blockSizes: blockSizes), bigEndian: encoding == .utf16BE,
                firstBlock: [])
            _ = try transcoder.read(into: &head)
            source = transcoder
        } else {
            head = Array(bytes.prefix(64))
            source = MemorySource(Array(bytes.dropFirst(64)), blockSizes: blockSizes)
        }
    } catch {
        return 0
    }
    let delimiter =
        control & 0x80 == 0 ? DelimiterSniffer.sniff(head[...]) : DelimiterSniffer.candidates[Int(control & 3)]
    invariant(DelimiterSniffer.candidates.contains(delimiter), "sniffed a delimiter that is not a candidate")
    let maxRecordBytes = 4096
    let tokenizer = CSVTokenizer(
        source: source, firstBlock: head, delimiter: delimiter, maxRecordBytes: maxRecordBytes, path: "fuzz")
    var decoder = RecordDecoder(encoding: encoding, fixed: encoding != .utf8)
    var record = CSVRecord()
    var lastLine = 0
    do {
        while try tokenizer.next(into: &record) {
            invariant(record.count > 0, "a record without fields")
            invariant(record.line > lastLine, "record lines must increase: \(record.line) after \(lastLine)")
            lastLine = record.line
            var previous = 0
            for end in record.fieldEnds {
                invariant(end >= previous, "field ends must not decrease")
                previous = end
            }
            invariant(previous == record.bytes.count, "the last field must end at the end of the bytes")
            // A chunk of plain bytes may be appended past the limit before the check; never by more than a block.
            invariant(record.bytes.count <= maxRecordBytes + 8192, "record of \(record.bytes.count) bytes")
            if decoder.decode(&record) {
                invariant(
                    record.bytes.withUnsafeBufferPointer(UTF8Validator.check) != .invalid,
                    "a decoded record is not valid UTF-8")
            }
            _ = record.csvText(delimiter: delimiter)
        }
        invariant(tokenizer.linesRead >= lastLine, "line count below the last record's line")
    } catch {
        invariant(error.line.map { $0 >= 1 } ?? true, "an error with a line below 1")
    }
    return 0
}
