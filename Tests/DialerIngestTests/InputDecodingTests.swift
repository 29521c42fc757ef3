import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// A fresh folder for one test, removed when the test is done.
final class TempFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("di-input-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Runs `/bin/sh -c script` in this folder; fails the test on a non-zero exit.
    func shell(_ script: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(script)")
        return [UInt8](output)
    }

    /// `bytes` compressed by the system gzip, as one member.
    func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let name = "plain-\(UUID().uuidString)"
        try write(name, bytes)
        return try shell("/usr/bin/gzip -n -c \(name)")
    }
}

/// Hands out bytes in blocks of the given sizes, cycling.
final class BlockSource: ByteSource {
    private let data: [UInt8]
    private let sizes: [Int]
    private var offset = 0
    private var turn = 0

    var bytesFromDisk: Int64 { Int64(offset) }

    init(_ data: [UInt8], sizes: [Int]) {
        self.data = data
        self.sizes = sizes
    }

    func read(into buffer: inout [UInt8]) throws(IngestError) -> Bool {
        buffer.removeAll(keepingCapacity: true)
        guard offset < data.count else { return false }
        let end = min(data.count, offset + sizes[turn % sizes.count])
        turn += 1
        buffer.append(contentsOf: data[offset..<end])
        offset = end
        return true
    }
}

func drain(_ source: any ByteSource) throws -> [UInt8] {
    var all: [UInt8] = []
    var block: [UInt8] = []
    while try source.read(into: &block) { all.append(contentsOf: block) }
    return all
}

/// Opens `path` and reads its whole text (head included).
func openAndRead(_ path: String, config: IngestConfig = IngestConfig()) throws -> (OpenedInput, [UInt8]) {
    let input = try InputOpener.open(path: path, config: config)
    return (input, input.head + (try drain(input.text)))
}

/// Opens `path` and tokenizes and decodes every record: (fields, decoded) per record.
func records(_ path: String) throws -> (rows: [([String], Bool)], encoding: TextEncoding) {
    let input = try InputOpener.open(path: path, config: IngestConfig())
    let tokenizer = CSVTokenizer(
        source: input.text, firstBlock: input.head, delimiter: UInt8(ascii: ";"), maxRecordBytes: 1 << 20,
        path: path)
    var decoder = RecordDecoder(encoding: input.encoding, fixed: input.encodingFixed)
    var record = CSVRecord()
    var rows: [([String], Bool)] = []
    while try tokenizer.next(into: &record) {
        let decoded = decoder.decode(&record)
        rows.append(((0..<record.count).map { record.string($0) }, decoded))
    }
    return (rows, decoder.encoding)
}

func utf16(_ text: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
    var out: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
    for unit in text.utf16 {
        let high = UInt8(unit >> 8)
        let low = UInt8(unit & 0xFF)
        out.append(contentsOf: bigEndian ? [high, low] : [low, high])
    }
    return out
}

let sample = "nombre;teléfono\nÑandú Pérez;099 123 456 😀\n€uro;+598 98 344 484\n"

@Suite("Input opening and text decoding")
struct InputDecodingTests {
    @Test func plainUTF8IsPassedThrough() throws {
        let folder = try TempFolder()
        let path = try folder.write("leads.csv", Array(sample.utf8))
        let (input, text) = try openAndRead(path)
        #expect(text == Array(sample.utf8))
        #expect(input.encoding == .utf8)
        #expect(!input.encodingFixed)
        #expect(!input.compressed)
        #expect(input.file.size == Int64(sample.utf8.count))
    }

    @Test func utf8ByteOrderMarkIsStripped() throws {
        let folder = try TempFolder()
        let path = try folder.write("bom.csv", [0xEF, 0xBB, 0xBF] + Array(sample.utf8))
        let (input, text) = try openAndRead(path)
        #expect(text == Array(sample.utf8))
        #expect(input.encoding == .utf8BOM)
        #expect(input.encoding.rawValue == "utf-8-bom")
        #expect(input.encodingFixed)
    }

    @Test(arguments: [false, true])
    func utf16WithByteOrderMarkIsTranscoded(_ bigEndian: Bool) throws {
        let folder = try TempFolder()
        let path = try folder.write("excel.txt", utf16(sample, bigEndian: bigEndian, bom: true))
        let (input, text) = try openAndRead(path)
        #expect(String(decoding: text, as: UTF8.self) == sample)
        #expect(input.encoding == (bigEndian ? .utf16BE : .utf16LE))
        #expect(input.encodingFixed)
    }

    @Test func utf16LittleEndianWithoutByteOrderMarkIsGuessed() throws {
        let folder = try TempFolder()
        let path = try folder.write("nobom.txt", utf16(sample, bigEndian: false, bom: false))
        let (input, text) = try openAndRead(path)
        #expect(String(decoding: text, as: UTF8.self) == sample)
        #expect(input.encoding == .utf16LE)
    }

    @Test func surrogatePairSplitAcrossFileBlocks() throws {
        // BOM + "h\n" + padding puts the high surrogate of 😀 at the last two bytes of the first 1 MiB block.
        let padding = String(repeating: "x", count: FileByteSource.blockSize / 2 - 4)
        let text = "h\n" + padding + "😀;1\n"
        let bytes = utf16(text, bigEndian: false, bom: true)
        #expect(bytes[FileByteSource.blockSize - 1] == 0xD8)  // high byte of the high surrogate
        let folder = try TempFolder()
        let path = try folder.write("split.txt", bytes)
        let (_, decoded) = try openAndRead(path)
        #expect(String(decoding: decoded, as: UTF8.self) == text)
    }

    @Test(arguments: [[1], [2], [3], [1, 2, 3, 4, 5, 6, 7]])
    func utf16SourceCarriesUnitsAndPairsAcrossBlocks(_ sizes: [Int]) throws {
        for bigEndian in [false, true] {
            let bytes = utf16(sample, bigEndian: bigEndian, bom: false)
            let source = UTF16Source(base: BlockSource(bytes, sizes: sizes), bigEndian: bigEndian, firstBlock: [])
            #expect(String(decoding: try drain(source), as: UTF8.self) == sample)
        }
    }

    @Test func unpairedSurrogatesBecomeReplacementCharacters() throws {
        // A lone low surrogate, a high surrogate followed by a letter, and a high surrogate at the very end.
        let bytes: [UInt8] = [0x41, 0x00, 0x00, 0xDC, 0x3D, 0xD8, 0x42, 0x00, 0x3D, 0xD8]
        let source = UTF16Source(base: BlockSource(bytes, sizes: [3]), bigEndian: false, firstBlock: [])
        #expect(String(decoding: try drain(source), as: UTF8.self) == "A\u{FFFD}\u{FFFD}B\u{FFFD}")
    }

    @Test func windows1252DetectedEvenAfterManyASCIILines() throws {
        var bytes = Array("nombre;tel\n".utf8)
        for index in 0..<10_000 { bytes.append(contentsOf: "Ana \(index);099123456\n".utf8) }
        bytes.append(contentsOf: [0x4A, 0x6F, 0x73, 0xE9, 0x3B, 0x80, 0x20, 0x93, 0x71, 0x94, 0x0A])  // José;€ “q”
        bytes.append(contentsOf: [0xD1, 0x61, 0x3B, 0x31, 0x0A])  // Ña;1
        let folder = try TempFolder()
        let path = try folder.write("latin.csv", bytes)
        let (rows, encoding) = try records(path)
        #expect(rows.count == 10_003)
        #expect(encoding == .windows1252)
        #expect(rows[10_001].0 == ["José", "€ “q”"])
        #expect(rows[10_001].1)
        #expect(rows[10_002].0 == ["Ña", "1"])
        #expect(rows[10_002].1)
    }

    @Test func invalidUTF8AfterValidUTF8IsARowError() throws {
        let bytes = Array("nombre;tel\nÑandú;1\n".utf8) + [0x4A, 0xE9, 0x3B, 0x32, 0x0A] + Array("Zoë;3\n".utf8)
        let folder = try TempFolder()
        let path = try folder.write("mixed.csv", bytes)
        let (rows, encoding) = try records(path)
        #expect(encoding == .utf8)
        #expect(rows.map(\.1) == [true, true, false, true])
        #expect(rows[3].0 == ["Zoë", "3"])
    }

    @Test func markedUTF8NeverFallsBackToWindows1252() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array("nombre;tel\n".utf8) + [0x4A, 0xE9, 0x3B, 0x32, 0x0A]
        let folder = try TempFolder()
        let path = try folder.write("bom.csv", bytes)
        let (rows, encoding) = try records(path)
        #expect(encoding == .utf8BOM)
        #expect(rows.map(\.1) == [true, false])
    }

    @Test func windows1252TranscodingKeepsFieldBoundaries() {
        var record = CSVRecord()
        for field: [UInt8] in [[0x4A, 0x6F, 0x73, 0xE9], [], [0x80, 0x9F], [0x41]] {
            record.bytes.append(contentsOf: field)
            record.fieldEnds.append(record.bytes.count)
        }
        var decoder = RecordDecoder(encoding: .windows1252, fixed: true)
        let decoded = decoder.decode(&record)
        #expect(decoded)
        #expect((0..<record.count).map { record.string($0) } == ["José", "", "€Ÿ", "A"])
    }

    @Test func utf8ValidatorIsStrict() {
        func check(_ bytes: [UInt8]) -> UTF8Validator.Verdict { bytes.withUnsafeBufferPointer(UTF8Validator.check) }
        func isASCII(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer(UTF8Validator.isASCII) }
        #expect(check(Array("añ€😀".utf8)) == .valid)
        #expect(check([0xC0, 0xAF]) == .invalid)  // overlong
        #expect(check([0xED, 0xA0, 0x80]) == .invalid)  // surrogate
        #expect(check([0xF4, 0x90, 0x80, 0x80]) == .invalid)  // above U+10FFFF
        #expect(check([0xE2, 0x82]) == .invalid)  // truncated
        #expect(isASCII(Array("plain;text".utf8)))
        #expect(!isASCII([0x41, 0x80]))
    }

    @Test func nulBytesMeanABinaryFile() throws {
        let folder = try TempFolder()
        let bytes: [UInt8] =
            [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + Array(repeating: 0, count: 24) + [3, 0]
        let path = try folder.write("leads.csv", bytes + Array("more text;here\n".utf8))
        let error = ingestError { _ = try InputOpener.open(path: path, config: IngestConfig()) }
        #expect(error?.code == .binaryFile)
        #expect(error?.file == path)
        #expect(error?.line == 1)
    }

    /// The line of the first NUL, counting LF, CRLF and lone CR line ends.
    @Test func aNulByteIsPlacedOnItsLine() {
        let text = Array("a\nb\r\nc\rd\u{0}e".utf8)
        #expect(InputOpener.lineNumber(of: text.firstIndex(of: 0)!, in: text) == 4)
        #expect(InputOpener.lineNumber(of: 0, in: [0]) == 1)
    }

    @Test func zipArchiveIsUnsupported() throws {
        let folder = try TempFolder()
        let path = try folder.write("leads.xlsx", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00] + Array("x".utf8))
        let error = ingestError { _ = try InputOpener.open(path: path, config: IngestConfig()) }
        #expect(error?.code == .unsupportedFormat)
    }

    @Test(arguments: [Array("nombre;tel\n1;2\n".utf8), []])
    func gzNameWithoutGzipDataIsCorrupt(_ bytes: [UInt8]) throws {
        let folder = try TempFolder()
        let path = try folder.write("leads.csv.GZ", bytes)
        let error = ingestError { _ = try InputOpener.open(path: path, config: IngestConfig()) }
        #expect(error?.code == .gzipCorrupt)
    }

    @Test func missingFileAndFolderAreRefused() throws {
        let folder = try TempFolder()
        let missing = ingestError { _ = try InputOpener.open(path: folder.path + "/nope.csv", config: IngestConfig()) }
        #expect(missing?.code == .fileNotFound)
        let directory = ingestError { _ = try InputOpener.open(path: folder.path, config: IngestConfig()) }
        #expect(directory?.code == .fileUnreadable)
    }
}
