import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

@Suite("Gzip input")
struct GzipInputTests {
    private static let text = Array((0..<2000).map { "Cliente \($0);09\($0 % 10)123456\n" }.joined().utf8)

    @Test func gzipIsDetectedByItsMagicAndInflated() throws {
        let folder = try TempFolder()
        let path = try folder.write("leads.csv", try folder.gzip(Self.text))
        let (input, text) = try openAndRead(path)
        #expect(input.compressed)
        #expect(text == Self.text)
    }

    @Test func multiMemberArchiveIsReadWhole() throws {
        let folder = try TempFolder()
        let first = Array(Self.text[..<1000])
        let second = Array(Self.text[1000...])
        let gz = try folder.gzip(first) + (try folder.gzip(second)) + (try folder.gzip(Array("tail\n".utf8)))
        let path = try folder.write("leads.csv.gz", gz)
        let (_, text) = try openAndRead(path)
        #expect(text == Self.text + Array("tail\n".utf8))
    }

    /// Every compression level, two members, read in odd input block sizes across the reader's 1 MiB output
    /// blocks: the inflated bytes are the original, byte for byte (the engine keeps its window between calls).
    @Test func everyLevelAndBlockSplitInflatesToTheOriginal() throws {
        let folder = try TempFolder()
        var random = SplitMix(state: 29)
        // ~2.5 MB of lead-like text: repeats for back references, random digits and accents between them.
        var text: [UInt8] = []
        while text.count < 5 << 19 {
            text += Array("Cliente \(random.next(100_000));09\(random.next(10_000_000));Pérez Ñandú\n".utf8)
        }
        let half = text.count / 2
        for level in [1, 6, 9] {
            try folder.write("first", Array(text[..<half]))
            try folder.write("second", Array(text[half...]))
            let gz = try folder.shell("/usr/bin/gzip -\(level) -n -c first; /usr/bin/gzip -\(level) -n -c second")
            let source = try GzipByteSource(
                file: BlockSource(gz, sizes: [1, 7, 4093, 65536, 1 << 20]), path: "t.gz", maxRatio: 1000)
            let inflated = try drain(source)
            #expect(inflated.count == text.count, "level \(level)")
            #expect(inflated == text, "level \(level)")
        }
    }

    @Test(arguments: [4, 8, 60])
    func truncatedArchiveIsReported(_ cut: Int) throws {
        let folder = try TempFolder()
        let gz = try folder.gzip(Self.text)
        let path = try folder.write("leads.csv.gz", Array(gz.dropLast(cut)))
        let error = ingestError { _ = try openAndRead(path) }
        #expect(error?.code == .gzipTruncated)
    }

    @Test(arguments: [8, 4, 1])
    func damagedTrailerIsCorrupt(_ fromEnd: Int) throws {
        // 8: first byte of the CRC-32; 4 and 1: the length field.
        let folder = try TempFolder()
        var gz = try folder.gzip(Self.text)
        gz[gz.count - fromEnd] ^= 0xFF
        let path = try folder.write("leads.csv.gz", gz)
        let error = ingestError { _ = try openAndRead(path) }
        #expect(error?.code == .gzipCorrupt)
    }

    @Test(arguments: [Array("junk".utf8), [0x01], [0x00, 0x00, 0x41], [0x1F]])
    func trailingJunkIsCorrupt(_ junk: [UInt8]) throws {
        let folder = try TempFolder()
        let path = try folder.write("leads.csv.gz", try folder.gzip(Self.text) + junk)
        let error = ingestError { _ = try openAndRead(path) }
        #expect(error?.code == .gzipCorrupt)
    }

    @Test(arguments: [1, 2, 512])
    func trailingZeroPaddingIsAccepted(_ zeros: Int) throws {
        let folder = try TempFolder()
        let path = try folder.write("leads.csv.gz", try folder.gzip(Self.text) + Array(repeating: 0, count: zeros))
        let (_, text) = try openAndRead(path)
        #expect(text == Self.text)
    }

    @Test(.tags(.slow)) func gzipBombIsRefusedQuickly() throws {
        // 200 MiB of text (not NULs, which the binary check would stop first) in about 200 KB.
        let folder = try TempFolder()
        _ = try folder.shell("head -c 209715200 /dev/zero | tr '\\0' 'a' | /usr/bin/gzip -n -c > bomb.csv.gz")
        let path = folder.path + "/bomb.csv.gz"
        var config = IngestConfig()
        config.limits.maxGzipRatio = 100
        let clock = ContinuousClock()
        let started = clock.now
        let error = ingestError { _ = try openAndRead(path, config: config) }
        #expect(error?.code == .gzipBomb)
        #expect(clock.now - started < .seconds(20))
    }

    @Test(.tags(.slow)) func zeroBombIsStoppedAsBinaryBeforeInflatingFurther() throws {
        let folder = try TempFolder()
        _ = try folder.shell("head -c 209715200 /dev/zero | /usr/bin/gzip -n -c > zeros.csv.gz")
        let error = ingestError {
            _ = try InputOpener.open(path: folder.path + "/zeros.csv.gz", config: IngestConfig())
        }
        #expect(error?.code == .binaryFile)
    }

    @Test func ordinaryRatiosPassTheBombCheck() throws {
        // 2,000 short lines compress well, but stay far under the 64 MiB floor of the check.
        let folder = try TempFolder()
        var config = IngestConfig()
        config.limits.maxGzipRatio = 10
        let path = try folder.write("leads.csv.gz", try folder.gzip(Self.text))
        let (_, text) = try openAndRead(path, config: config)
        #expect(text == Self.text)
    }
}
