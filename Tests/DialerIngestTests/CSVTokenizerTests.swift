import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// Hands out its bytes in blocks of the given sizes, cycling, so records straddle every boundary.
final class ChoppedSource: ByteSource {
    private let data: [UInt8]
    private let sizes: [Int]
    private var offset = 0
    private var turn = 0

    var bytesFromDisk: Int64 { Int64(offset) }

    init(_ data: [UInt8], sizes: [Int] = [Int.max]) {
        self.data = data
        self.sizes = sizes
    }

    func read(into buffer: inout [UInt8]) throws(IngestError) -> Bool {
        buffer.removeAll(keepingCapacity: true)
        guard offset < data.count else { return false }
        let size = sizes[turn % sizes.count]
        turn += 1
        let end = size >= data.count - offset ? data.count : offset + size
        buffer.append(contentsOf: data[offset..<end])
        offset = end
        return true
    }
}

/// One tokenized record: its fields as text and the line it starts on.
struct Row: Equatable, CustomStringConvertible {
    var fields: [String]
    var line: Int

    var description: String { "\(line):\(fields)" }
}

struct Tokenized: Equatable {
    var rows: [Row]
    var blankRecords: Int
}

func tokenize(
    _ text: String, delimiter: Character = ";", sizes: [Int] = [Int.max], maxRecordBytes: Int = 1 << 20
) throws -> Tokenized {
    try tokenize(Array(text.utf8), delimiter: delimiter, sizes: sizes, maxRecordBytes: maxRecordBytes)
}

func tokenize(
    _ bytes: [UInt8], delimiter: Character = ";", sizes: [Int] = [Int.max], maxRecordBytes: Int = 1 << 20
) throws -> Tokenized {
    let tokenizer = CSVTokenizer(
        source: ChoppedSource(bytes, sizes: sizes), firstBlock: [],
        delimiter: try #require(delimiter.asciiValue), maxRecordBytes: maxRecordBytes, path: "leads.csv")
    var record = CSVRecord()
    var rows: [Row] = []
    while try tokenizer.next(into: &record) {
        rows.append(Row(fields: (0..<record.count).map { record.string($0) }, line: record.line))
    }
    // The end is sticky: asking again still says there is nothing more.
    #expect(try tokenizer.next(into: &record) == false)
    return Tokenized(rows: rows, blankRecords: tokenizer.blankRecords)
}

@Suite("CSV tokenizer")
struct CSVTokenizerTests {
    @Test func plainRecordsAndEmptyFields() throws {
        let result = try tokenize("a;b;c\n1;;3\n;x;\n")
        #expect(
            result.rows == [
                Row(fields: ["a", "b", "c"], line: 1), Row(fields: ["1", "", "3"], line: 2),
                Row(fields: ["", "x", ""], line: 3),
            ])
        #expect(result.blankRecords == 0)
    }

    @Test func quotedFieldsKeepDelimitersQuotesAndLineBreaks() throws {
        let text = "name;note\n\"Pérez; Ana\";\"she said \"\"hi\"\"\"\n\"two\nlines\";\"\"\n"
        let result = try tokenize(text)
        #expect(
            result.rows == [
                Row(fields: ["name", "note"], line: 1),
                Row(fields: ["Pérez; Ana", "she said \"hi\""], line: 2),
                Row(fields: ["two\nlines", ""], line: 3),
            ])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineEndingsAndStartLines(_ end: String) throws {
        let text = ["h1;h2", "a;\"multi", "line", "field\"", "b;c", "\"x\";\"y\"", "d;e"].joined(separator: end) + end
        let result = try tokenize(text)
        let expectedMulti = ["multi", "line", "field"].joined(separator: end)
        #expect(
            result.rows == [
                Row(fields: ["h1", "h2"], line: 1), Row(fields: ["a", expectedMulti], line: 2),
                Row(fields: ["b", "c"], line: 5), Row(fields: ["x", "y"], line: 6), Row(fields: ["d", "e"], line: 7),
            ])
    }

    @Test func mixedLineEndingsCountLinesOnce() throws {
        // CRLF is one break; CR CR LF is two (an empty line between).
        let result = try tokenize("a\r\nb\rc\nd\r\r\ne")
        #expect(result.rows.map(\.line) == [1, 2, 3, 4, 6])
        #expect(result.rows.map { $0.fields[0] } == ["a", "b", "c", "d", "e"])
    }

    @Test func lastRecordWithoutLineBreak() throws {
        let result = try tokenize("a;b\nc;\"d\"")
        #expect(result.rows == [Row(fields: ["a", "b"], line: 1), Row(fields: ["c", "d"], line: 2)])
        let trailingDelimiter = try tokenize("a;b\nc;")
        #expect(trailingDelimiter.rows.last == Row(fields: ["c", ""], line: 2))
    }

    @Test func blankLinesSkippedAndEmptyRowsCounted() throws {
        let text = "h;n\n\n1;2\n;;;\n  \n\r\n;\n\"\";\"\"\n3;4\n;;\n"
        let result = try tokenize(text)
        #expect(
            result.rows == [
                Row(fields: ["h", "n"], line: 1), Row(fields: ["1", "2"], line: 3),
                Row(fields: ["3", "4"], line: 9),
            ])
        // `;;;`, `;`, `"";""` and `;;` are rows of empty cells; the empty and all-space lines are layout.
        #expect(result.blankRecords == 4)
    }

    @Test func blankLastLineWithoutLineBreakIsTreatedLikeAnyOther() throws {
        #expect(try tokenize("h\n1\n   ").blankRecords == 0)
        #expect(try tokenize("h\n1\n   \n").blankRecords == 0)
        #expect(try tokenize("h\n1\n;;").blankRecords == 1)
        #expect(try tokenize("h\n1\n;;").rows.count == 2)
    }

    @Test func textAfterClosingQuoteIsKeptLeniently() throws {
        let result = try tokenize("\"abc\"def;\"x\" y;q\"r\n")
        #expect(result.rows == [Row(fields: ["abcdef", "x y", "q\"r"], line: 1)])
    }

    @Test(arguments: [",", "\t", "|"] as [Character])
    func otherDelimiters(_ delimiter: Character) throws {
        let d = String(delimiter)
        let text = "a\(d)\"b\(d)c\"\(d)d;e\n"
        let result = try tokenize(text, delimiter: delimiter)
        #expect(result.rows == [Row(fields: ["a", "b\(d)c", "d;e"], line: 1)])
    }

    @Test func unterminatedQuoteAtEndOfFileNamesItsStartLine() {
        let error = ingestError { _ = try tokenize("h;n\n1;2\n3;\"open\nmore\nstill open\n") }
        #expect(error?.code == .unterminatedQuote)
        #expect(error?.line == 3)
        #expect(error?.file == "leads.csv")
    }

    @Test(.tags(.slow), arguments: [[1 << 20], [4096], [1, 2, 3]])
    func runawayRecordStopsAtTheLimitInBoundedTime(_ sizes: [Int]) throws {
        // A quote that is never closed, followed by 4 MB: the tokenizer must give up near the limit.
        var bytes = Array("h;n\n1;2\n3;\"runaway".utf8)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: 4 << 20))
        let source = ChoppedSource(bytes, sizes: sizes)
        let tokenizer = CSVTokenizer(
            source: source, firstBlock: [], delimiter: UInt8(ascii: ";"), maxRecordBytes: 64 * 1024,
            path: "big.csv")
        var record = CSVRecord()
        let clock = ContinuousClock()
        let started = clock.now
        let error = ingestError {
            while try tokenizer.next(into: &record) {}
        }
        #expect(error?.code == .recordTooLarge)
        #expect(error?.line == 3)
        #expect(error?.message.contains("unterminated quote") == true)
        // Bounded: it stopped within a block of the limit, not at the end of the input.
        let largestBlock = try #require(sizes.max())
        #expect(source.bytesFromDisk <= 64 * 1024 + 2 * largestBlock + 32)
        #expect(source.bytesFromDisk < 4 << 20)
        #expect(clock.now - started < .seconds(10))
    }

    @Test func longUnquotedRecordIsAlsoLimited() {
        let text = "h\n" + String(repeating: "y", count: 10_000) + "\n"
        let error = ingestError { _ = try tokenize(text, sizes: [100], maxRecordBytes: 2048) }
        #expect(error?.code == .recordTooLarge)
        #expect(error?.line == 2)
    }

    /// A record that ends inside one read block is held to the limit too (the check once ran only when a
    /// block ran out mid-record).
    @Test(arguments: [Int.max, 3000]) func aLongRecordEndingInsideABlockIsLimited(_ block: Int) {
        let text = "h\nshort\n" + String(repeating: "y", count: 2049) + "\nafter\n"
        let error = ingestError { _ = try tokenize(text, sizes: [block], maxRecordBytes: 2048) }
        #expect(error?.code == .recordTooLarge)
        #expect(error?.line == 3)
    }

    @Test func recordsUpToTheLimitAreAccepted() throws {
        let field = String(repeating: "z", count: 2048)
        let result = try tokenize("h\n\"\(field)\"\n", sizes: [7], maxRecordBytes: 2048)
        #expect(result.rows.last?.fields == [field])
    }

    @Test func hundredThousandDoubledQuotesParseInLinearTime() throws {
        let quotes = String(repeating: "\"\"", count: 100_000)
        let clock = ContinuousClock()
        let started = clock.now
        let result = try tokenize("a;\"\(quotes)\";b\n")
        #expect(clock.now - started < .seconds(5))
        let row = try #require(result.rows.first)
        #expect(row.fields.count == 3)
        #expect(row.fields[1].utf8.count == 100_000)
        #expect(row.fields[1].allSatisfy { $0 == "\"" })
        #expect(row.fields[2] == "b")
    }

    @Test func firstBlockComesBeforeTheSource() throws {
        let tokenizer = CSVTokenizer(
            source: ChoppedSource(Array("d\"\n3;4\n".utf8), sizes: [1]), firstBlock: Array("a;b\n1;\"c".utf8),
            delimiter: UInt8(ascii: ";"), maxRecordBytes: 1024, path: "x")
        var record = CSVRecord()
        var rows: [[String]] = []
        while try tokenizer.next(into: &record) { rows.append((0..<record.count).map { record.string($0) }) }
        #expect(rows == [["a", "b"], ["1", "cd"], ["3", "4"]])
        #expect(tokenizer.linesRead == 4)
    }

    @Test func csvTextQuotesWhatNeedsIt() throws {
        let row = try #require(try tokenize("plain;\"a;b\";\"say \"\"x\"\"\";\"l1\nl2\"\n").rows.first)
        var record = CSVRecord()
        for field in row.fields {
            record.bytes.append(contentsOf: field.utf8)
            record.fieldEnds.append(record.bytes.count)
        }
        #expect(record.csvText(delimiter: UInt8(ascii: ";")) == "plain;\"a;b\";\"say \"\"x\"\"\";\"l1\nl2\"")
    }
}
