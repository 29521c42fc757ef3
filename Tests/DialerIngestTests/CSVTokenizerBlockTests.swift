import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

@Suite("CSV tokenizer across block boundaries")
struct CSVTokenizerBlockTests {
    /// A CSV mixing every construct: quotes, doubled quotes, quoted line breaks, all line ends, blank rows.
    private static func generate(_ random: inout SplitMix) -> [UInt8] {
        let pieces = ["a", "bc", "Ñandú", " ", "x y", "12345", "\"", ";", "\n", "\r", "\r\n", "€"]
        var out: [UInt8] = []
        for _ in 0..<(1 + random.next(12)) {
            let fields = 1 + random.next(5)
            for index in 0..<fields {
                if index > 0 { out.append(UInt8(ascii: ";")) }
                let kind = random.next(4)
                if kind == 0 { continue }  // empty field
                let quoted = kind == 1
                if quoted { out.append(UInt8(ascii: "\"")) }
                for _ in 0..<random.next(4) {
                    let piece = pieces[random.next(pieces.count)]
                    if !quoted && (piece.contains("\"") || piece.contains(";") || piece.contains(where: \.isNewline)) {
                        out.append(contentsOf: "k".utf8)
                        continue
                    }
                    out.append(contentsOf: (piece == "\"" ? "\"\"" : piece).utf8)
                }
                if quoted { out.append(UInt8(ascii: "\"")) }
            }
            out.append(contentsOf: ["\n", "\r\n", "\r", "\n\n", ";;\n"][random.next(5)].utf8)
        }
        if random.next(3) == 0 { out.append(contentsOf: "tail;\"end\"".utf8) }
        return out
    }

    @Test func generatedCSVsTokenizeTheSameInAnyBlockSizes() throws {
        var random = SplitMix(state: 20_240_601)
        let blockPatterns: [[Int]] = [[1], [2], [3], [5], [7], [1, 7, 2, 6, 3, 5, 4]]
        var recordsSeen = 0
        for _ in 0..<300 {
            let csv = Self.generate(&random)
            let whole = try tokenize(csv)
            recordsSeen += whole.rows.count
            for sizes in blockPatterns {
                let chopped = try tokenize(csv, sizes: sizes)
                #expect(chopped == whole, "blocks \(sizes) of \(String(decoding: csv, as: UTF8.self).debugDescription)")
            }
        }
        // The generator must actually produce records, or the comparison proves nothing.
        #expect(recordsSeen > 600)
    }

    @Test(arguments: 1...7)
    func crlfSplitAcrossBlocksIsOneLineBreak(_ size: Int) throws {
        let result = try tokenize("ab\r\ncd\r\n\"e\r\nf\"\r\ng", sizes: [size])
        #expect(result.rows.map(\.line) == [1, 2, 3, 5])
        #expect(result.rows.map(\.fields) == [["ab"], ["cd"], ["e\r\nf"], ["g"]])
    }

    @Test(arguments: 1...7)
    func unterminatedQuoteIsReportedWhateverTheBlocks(_ size: Int) {
        let error = ingestError { _ = try tokenize("a\nb\n\"c\r\nd", sizes: [size]) }
        #expect(error?.code == .unterminatedQuote)
        #expect(error?.line == 3)
    }
}
