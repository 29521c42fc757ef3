import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// The word-at-a-time helpers of the hot path, each checked against the plain byte-by-byte rule it replaces
/// on generated inputs (every offset within a word, every word-boundary case).
@Suite("Hot path primitives")
struct HotPathPrimitivesTests {
    @Test func maskFlagsExactlyTheMatchingBytes() {
        for target in [0x00, 0x0A, 0x0D, 0x20, 0x22, 0x3B, 0x7F, 0x80, 0xFF] as [UInt8] {
            for value in 0...255 {
                for position in 0..<8 {
                    // The tested byte among neighbours that equal the target and neighbours that differ.
                    for filler in [target, target ^ 0x01, 0xFF - target] {
                        var bytes = [UInt8](repeating: filler, count: 8)
                        bytes[position] = UInt8(value)
                        let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                        let mask = SWAR.mask(of: target, in: word)
                        for index in 0..<8 {
                            let flagged = (mask >> (UInt64(index) * 8)) & 0xFF
                            #expect(flagged == (bytes[index] == target ? 0x80 : 0))
                        }
                        #expect(SWAR.hasHighByte(word) == bytes.contains { $0 >= 0x80 })
                        let controlOrReserved = bytes.contains {
                            $0 < 0x20 || $0 == 0x3A || $0 == 0x3B || $0 == 0x3D || $0 == 0x7F
                        }
                        #expect(SWAR.hasControlOrReserved(word) == controlOrReserved)
                    }
                }
            }
        }
    }

    @Test func firstIndexFindsTheFirstStructuralByte() {
        var random = SplitMix(state: 7)
        let alphabet: [UInt8] = [0x61, 0x3B, 0x0A, 0x0D, 0x22, 0xC3, 0xB1, 0x20]
        for _ in 0..<3000 {
            // Mostly plain letters, so that many 16-byte steps find nothing; up to 70 bytes.
            let bytes = (0..<random.next(70)).map { _ in
                alphabet[random.next(random.next(8) == 0 ? alphabet.count : 1)]
            }
            let start = random.next(bytes.count + 1)
            let expected = bytes[start...].firstIndex { $0 == 0x3B || $0 == 0x0A || $0 == 0x0D } ?? bytes.count
            let found = bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return (0, 0) }
                return (
                    SWAR.firstIndex(of: 0x3B, 0x0A, 0x0D, in: base, from: start, to: bytes.count),
                    ByteScan.firstIndex(of: 0x3B, 0x0A, 0x0D, in: base, from: start, to: bytes.count)
                )
            }
            #expect(found.0 == expected, "\(bytes) from \(start)")
            #expect(found.1 == expected, "\(bytes) from \(start)")
        }
    }

    @Test func sanitizerMatchesTheByteRule() {
        var random = SplitMix(state: 11)
        let pieces: [[UInt8]] = [
            [0x61], [0x20], [0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69], [0x20, 0x20], [0x3B], [0x3A], [0x3D],
            [0x09], [0x0A], [0x7F], [0xC3, 0xA9],
            // NEL and another C1 control, ¡, U+2028, U+2029, a curly quote and the euro sign.
            [0xC2, 0x85], [0xC2, 0x9D], [0xC2, 0xA1], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9], [0xE2, 0x80, 0x9C],
            [0xE2, 0x82, 0xAC],
        ]
        var changed = 0
        var clean = 0
        for _ in 0..<8000 {
            var field: [UInt8] = []
            // Mostly letters and single spaces (fields past 16 bytes come out clean too), sometimes anything.
            for _ in 0..<random.next(random.next(2) == 0 ? 14 : 40) {
                field += pieces[random.next(random.next(3) == 0 ? pieces.count : 3)]
            }
            let output = GrowingBytes(capacity: 4)
            let replaced = field.withUnsafeBufferPointer { FieldSanitizer.append($0, to: output) }
            let (expected, expectedReplaced) = Self.referenceSanitized(field)
            #expect(output.array == expected, "\(field)")
            #expect(replaced == expectedReplaced)
            var arrayOutput: [UInt8] = [0x78]
            _ = field.withUnsafeBufferPointer { FieldSanitizer.append($0, to: &arrayOutput) }
            #expect(arrayOutput == [0x78] + expected)
            if expected != field { changed += 1 }
            // The word-at-a-time check (other architectures) decides "clean" the same way.
            let copied = [UInt8](unsafeUninitializedCapacity: field.count + 16) { buffer, count in
                count = 0
                let isClean = field.withUnsafeBufferPointer {
                    FieldSanitizer.copyIfCleanWords($0, to: buffer.baseAddress!)
                }
                if isClean { count = field.count }
            }
            let isClean = expected == field && !expectedReplaced && !field.isEmpty
            // It copies exactly the clean fields, but leaves those with a C2 or E2 byte (C1 controls and
            // U+2028/9 start so) to the byte-by-byte path.
            let leadsToCheck = field.contains(0xC2) || field.contains(0xE2)
            #expect(copied == (isClean && !leadsToCheck ? field : []), "\(field)")
            if isClean && field.count > 16 { clean += 1 }
        }
        #expect(changed > 1000)  // both paths (clean copy and rewrite) were exercised
        #expect(clean > 150)  // and clean fields longer than a vector
    }

    /// The rule, one character at a time: reserved and control characters (C0, DEL, C1, U+2028, U+2029) become
    /// spaces, runs of spaces one, ends trimmed.
    private static func referenceSanitized(_ field: [UInt8]) -> ([UInt8], Bool) {
        var replaced = false
        var spaced: [UInt8] = []
        for scalar in String(decoding: field, as: UTF8.self).unicodeScalars {
            let value = scalar.value
            if value < 0x20 || value == 0x7F || value == 0x3B || value == 0x3A || value == 0x3D
                || (0x80...0x9F).contains(value) || value == 0x2028 || value == 0x2029
            {
                replaced = true
                spaced.append(0x20)
            } else {
                spaced += Array(String(scalar).utf8)
            }
        }
        var out: [UInt8] = []
        for byte in spaced where !(byte == 0x20 && (out.isEmpty || out.last == 0x20)) { out.append(byte) }
        if out.last == 0x20 { out.removeLast() }
        return (out, replaced)
    }

    @Test func utf8CheckAgreesWithTheStandardLibrary() {
        var random = SplitMix(state: 13)
        let pieces: [[UInt8]] = [
            [0x61], [0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69], [0xC3, 0xA9], [0xE2, 0x82, 0xAC],
            [0xF0, 0x9F, 0x98, 0x80], [0xC3], [0xA9], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80],
            [0xE0, 0x80, 0x80], [0xF0, 0x80, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xE2, 0x82],
            [0xF4, 0x8F, 0xBF, 0xBF], [0xEF, 0xBF, 0xBF], [0xE0, 0xA0, 0x80], [0xC2, 0x80], [0xC1, 0xBF],
        ]
        var verdicts: [UTF8Validator.Verdict: Int] = [:]
        for _ in 0..<20000 {
            var bytes: [UInt8] = []
            // Up to ~100 bytes: sequences across every position of the sixteen-byte steps, and cut by the end.
            for _ in 0..<random.next(random.next(2) == 0 ? 10 : 40) {
                bytes += pieces[random.next(random.next(3) == 0 ? pieces.count : 5)]
            }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            let ascii = bytes.allSatisfy { $0 < 0x80 }
            let expected: UTF8Validator.Verdict = !valid ? .invalid : ascii ? .ascii : .valid
            let verdict = bytes.withUnsafeBufferPointer(UTF8Validator.check)
            #expect(verdict == expected, "\(bytes)")
            #expect(bytes.withUnsafeBufferPointer(UTF8Validator.checkBytes) == expected, "\(bytes)")
            verdicts[verdict, default: 0] += 1
        }
        #expect(verdicts.count == 3)
        #expect(verdicts[.valid, default: 0] > 1000)
    }

    /// A record's fields are checked back to back, but a sequence may not run across a delimiter.
    @Test func utf8CheckOfARecordStopsAtFieldBoundaries() {
        func verdict(_ fields: [[UInt8]]) -> UTF8Validator.Verdict {
            var record = CSVRecord()
            for field in fields {
                record.bytes += field
                record.fieldEnds.append(record.bytes.count)
            }
            return record.withFields { UTF8Validator.check($0) }
        }
        #expect(verdict([[0x61, 0xC3, 0xA9], [0x62]]) == .valid)
        #expect(verdict([[0x61, 0xC3], [0xA9, 0x62]]) == .invalid)
        #expect(verdict([[0x61], [], [0xA9]]) == .invalid)
        #expect(verdict([[0x61], [0x62]]) == .ascii)
    }

    @Test func growingBytesKeepsEverythingAcrossGrowth() {
        let buffer = GrowingBytes(capacity: 1)
        var expected: [UInt8] = []
        for value in [0, 7, 42, 9999, 123_456_789] {
            buffer.appendDecimal(value)
            buffer.append(0x3B)
            expected += Array("\(value);".utf8)
        }
        let long = [UInt8](repeating: 0x41, count: 5000)
        buffer.append(long)
        expected += long
        // Every short length (word and vector moves) and a few long ones (memmove), at every alignment.
        for length in Array(0...34) + [64, 100] {
            let piece = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) }
            buffer.append(piece)
            expected += piece
        }
        #expect(buffer.array == expected)
        buffer.removeAll()
        #expect(buffer.array.isEmpty)
    }

    /// Quoting copies runs between quotes: the same bytes as quoting byte by byte, for fields of every
    /// length made of the bytes that matter (delimiter, quote, CR, LF) and plain ones.
    @Test func csvQuotingMatchesTheByteRule() {
        var random = SplitMix(state: 11)
        let alphabet: [UInt8] = [0x3B, 0x2C, 0x22, 0x0D, 0x0A, 0x61, 0x62, 0xC3, 0xB1, 0x20]
        for _ in 0..<5000 {
            let field = (0..<random.next(40)).map { _ in alphabet[random.next(alphabet.count)] }
            for delimiter in [0x3B, 0x2C] as [UInt8] {
                let quoted = field.contains { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
                var expected: [UInt8] = quoted ? [0x22] : []
                for byte in field {
                    if quoted && byte == 0x22 { expected.append(0x22) }
                    expected.append(byte)
                }
                if quoted { expected.append(0x22) }
                let out = GrowingBytes(capacity: 4)
                field.withUnsafeBufferPointer { CSVQuoting.append($0, delimiter: delimiter, to: out) }
                #expect(out.array == expected, "\(field)")
            }
        }
    }
}
