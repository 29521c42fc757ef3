/// Up to 20 decimal digits, four bits each, with their count: an extension held without a `String`, so that
/// a `PhoneNumber` is plain bytes to copy (no reference count to touch on every return).
struct PackedDigits: Sendable, Hashable {
    /// libphonenumber's longest extension (`;ext=` and the explicit labels take up to 20 digits).
    static let capacity = 20

    /// Digits 0..<16, the first in the lowest bits.
    private var low: UInt64 = 0
    /// Digits 16..<20.
    private var high: UInt16 = 0
    private(set) var count: UInt8 = 0

    /// Appends a digit value (0...9); digits past `capacity` are dropped (the parser never produces them).
    mutating func append(_ digit: UInt8) {
        let index = Int(count)
        guard index < Self.capacity else { return }
        if index < 16 {
            low |= UInt64(digit & 0x0F) &<< UInt64(4 * index)
        } else {
            high |= UInt16(digit & 0x0F) &<< UInt16(4 * (index - 16))
        }
        count += 1
    }

    /// The digit value at `index` (0 ..< count).
    func digit(at index: Int) -> UInt8 {
        index < 16
            ? UInt8(truncatingIfNeeded: low &>> UInt64(4 * index)) & 0x0F
            : UInt8(truncatingIfNeeded: high &>> UInt16(4 * (index - 16))) & 0x0F
    }

    /// Writes the digits as ASCII into `out`; returns how many.
    func writeASCII(into out: UnsafeMutablePointer<UInt8>) -> Int {
        for index in 0..<Int(count) { out[index] = digit(at: index) &+ 48 }
        return Int(count)
    }

    var string: String {
        String(decoding: (0..<Int(count)).map { digit(at: $0) &+ 48 }, as: UTF8.self)
    }
}
