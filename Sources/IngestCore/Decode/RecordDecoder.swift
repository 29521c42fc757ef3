import CHotPath

/// Settles each record's text to UTF-8, deciding the file's encoding as it goes.
///
/// A file with no BOM is read as UTF-8 until a record proves otherwise: if the first non-ASCII bytes are
/// not valid UTF-8 the file is Windows-1252 (everything before was ASCII, identical in both), and
/// Windows-1252 it stays. Once valid UTF-8 has been seen, an invalid record is a row error, not a switch.
struct RecordDecoder {
    private(set) var encoding: TextEncoding
    private let fixed: Bool
    private var settled: Bool
    private var scratch: [UInt8] = []
    private var scratchEnds: [Int] = []

    init(encoding: TextEncoding, fixed: Bool) {
        self.encoding = encoding
        self.fixed = fixed
        self.settled = fixed
    }

    /// Makes the record being written to `record` UTF-8 in place; false when its bytes cannot be decoded
    /// (reject it `invalid-encoding`).
    mutating func decode(_ record: inout some RecordSink & ~Copyable) -> Bool {
        if encoding == .windows1252 {
            if !record.withRecordFields({ UTF8Validator.isASCII($0.bytes) }) { transcodeFrom1252(&record) }
            return true
        }
        switch record.withRecordFields({ UTF8Validator.check($0) }) {
        case .ascii:
            return true
        case .valid:
            settled = true
            return true
        case .invalid:
            break
        }
        if settled { return false }
        encoding = .windows1252
        settled = true
        transcodeFrom1252(&record)
        return true
    }

    private mutating func transcodeFrom1252(_ record: inout some RecordSink & ~Copyable) {
        scratch.removeAll(keepingCapacity: true)
        scratchEnds.removeAll(keepingCapacity: true)
        record.withRecordFields { fields in
            for index in 0..<fields.count {
                Windows1252.transcode(fields.field(index), into: &scratch)
                scratchEnds.append(scratch.count)
            }
        }
        record.replaceRecord(bytes: &scratch, ends: &scratchEnds)
    }
}

/// UTF-8 checks on raw bytes, without building Strings.
enum UTF8Validator {
    static func isASCII(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var combined: UInt8 = 0
        for byte in buffer { combined |= byte }
        return combined < 0x80
    }

    enum Verdict {
        case ascii, valid, invalid
    }

    /// Whether `buffer` is ASCII, other valid UTF-8 or not UTF-8, in one pass; strict UTF-8 (no overlong
    /// forms, no surrogates, nothing above U+10FFFF). With SSSE3 (x86-64), sixteen bytes a step by table
    /// lookups (`hotpath_utf8_check`); else `checkBytes`. Both are tested against the standard library.
    static func check(_ buffer: UnsafeBufferPointer<UInt8>) -> Verdict {
        #if arch(x86_64)
            if let base = buffer.baseAddress {
                switch hotpath_utf8_check(base, buffer.count) {
                case 0: return .ascii
                case 1: return .valid
                case 2: return .invalid
                default: break
                }
            }
        #endif
        return checkBytes(buffer)
    }

    /// A record's text: `check` of its bytes, and no field may start with a continuation byte (its fields
    /// are back to back, so a sequence cut by a delimiter would otherwise join across it).
    static func check(_ record: RecordFields) -> Verdict {
        let verdict = check(record.bytes)
        guard verdict == .valid else { return verdict }
        for index in 1..<max(record.count, 1) {
            let start = record.ends[index - 1]
            if start < record.bytes.count, record.bytes[start] & 0xC0 == 0x80 { return .invalid }
        }
        return .valid
    }

    /// `check` without vector instructions: ASCII is skipped sixteen bytes at a time, and within a word
    /// straight to its first non-ASCII byte.
    static func checkBytes(_ buffer: UnsafeBufferPointer<UInt8>) -> Verdict {
        guard let base = buffer.baseAddress else { return .ascii }
        let raw = UnsafeRawPointer(base)
        var index = 0
        let count = buffer.count
        var ascii = true
        while index < count {
            if index + 16 <= count {
                let first = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let second = raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
                if !SWAR.hasHighByte(first | second) {
                    index += 16
                    continue
                }
                let high = first & SWAR.highs
                index +=
                    high != 0 ? high.trailingZeroBitCount >> 3 : 8 + (second & SWAR.highs).trailingZeroBitCount >> 3
            } else if index + 8 <= count {
                let high = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & SWAR.highs
                if high == 0 {
                    index += 8
                    continue
                }
                index += high.trailingZeroBitCount >> 3
            }
            let lead = buffer[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            ascii = false
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return .invalid
            }
            guard index + length <= count else { return .invalid }
            let second = buffer[index + 1]
            guard second >= low && second <= high else { return .invalid }
            var next = index + 2
            while next < index + length {
                guard buffer[next] & 0xC0 == 0x80 else { return .invalid }
                next += 1
            }
            index += length
        }
        return ascii ? .ascii : .valid
    }
}
