import CHotPath
import IngestCore

/// Base64 (standard alphabet, padded) already percent-encoded for a form body, in one pass over the
/// input: `+` `/` `=` come out as `%2B` `%2F` `%3D`, everything else as itself.
enum FormBase64 {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The most bytes `encode` writes for `count` input bytes (every character escaped).
    static func maximumLength(of count: Int) -> Int {
        (count + 2) / 3 * 4 * 3
    }

    /// For each 12-bit value, its two base64 characters (first in the low byte), and bit 16 set when one of
    /// them must be escaped: the encoder writes two characters per lookup and branches only for `+` `/`.
    private static let pairs: [UInt32] = (0..<4096).map { value in
        let first = UInt32(alphabet[value >> 6])
        let second = UInt32(alphabet[value & 0x3F])
        let escaped = [first, second].contains { $0 == 0x2B || $0 == 0x2F }
        return first | second << 8 | (escaped ? 1 << 16 : 0)
    }

    /// Encodes `input` at `output` (room for `maximumLength(of: input.count)` bytes).
    /// - Returns: the bytes written.
    static func encode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt8>) -> Int {
        pairs.withUnsafeBufferPointer { pairs in
            alphabet.withUnsafeBufferPointer { table in
                var written = 0
                @inline(__always) func put(_ sextet: UInt32) {
                    let character = table[Int(sextet & 0x3F)]
                    switch character {
                    case 0x2B: putEscape(0x32, 0x42)  // + → %2B
                    case 0x2F: putEscape(0x32, 0x46)  // / → %2F
                    default:
                        output[written] = character
                        written += 1
                    }
                }
                @inline(__always) func putEscape(_ high: UInt8, _ low: UInt8) {
                    output[written] = 0x25
                    output[written + 1] = high
                    output[written + 2] = low
                    written += 3
                }
                @inline(__always) func putPair(_ value: UInt32) {
                    let pair = pairs[Int(value & 0xFFF)]
                    if pair & 0x1_0000 == 0 {
                        UnsafeMutableRawPointer(output + written).storeBytes(
                            of: UInt16(truncatingIfNeeded: pair), as: UInt16.self)
                        written += 2
                    } else {
                        put(value >> 6)
                        put(value)
                    }
                }
                let count = input.count
                var index = 0
                #if arch(x86_64)
                    // Sixteen characters a step with SSSE3 (`hotpath_form_base64`); the rest below.
                    if let source = input.baseAddress {
                        var consumed = 0
                        let bulk = hotpath_form_base64(
                            source.assumingMemoryBound(to: UInt8.self), count, output, &consumed)
                        if bulk >= 0 {
                            written = bulk
                            index = consumed
                        }
                    }
                #endif
                while index + 3 <= count {
                    let triple = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                    putPair(triple >> 12)
                    putPair(triple)
                    index += 3
                }
                switch count - index {
                case 1:
                    let triple = UInt32(input[index]) << 16
                    put(triple >> 18)
                    put(triple >> 12)
                    putEscape(0x33, 0x44)  // = → %3D
                    putEscape(0x33, 0x44)
                case 2:
                    let triple = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
                    put(triple >> 18)
                    put(triple >> 12)
                    put(triple >> 6)
                    putEscape(0x33, 0x44)
                default:
                    break
                }
                return written
            }
        }
    }
}
