/// A valid phone number as libphonenumber sees it.
public struct PhoneNumber: Sendable, Hashable {
    /// Country calling code, e.g. 598.
    public var countryCode: Int { Int(callingCode) }
    /// National significant number digits, Italian leading zeros included.
    public var nationalNumber: String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(nationalLength)) { buffer in
            guard let base = buffer.baseAddress else { return "" }
            writeNationalNumber(ascii: true, into: base)
            return String(decoding: UnsafeBufferPointer(start: base, count: Int(nationalLength)), as: UTF8.self)
        }
    }
    /// The E.164 digits as one integer (country code, then the national number): a cheap identity for
    /// duplicate checks. Distinct numbers have distinct keys (E.164 has at most 15 digits).
    public var e164Key: UInt64 {
        var key = UInt64(countryCode)
        for _ in 0..<nationalLength { key = key &* 10 }
        return key &+ nationalValue
    }
    /// The region libphonenumber assigns (`region_code_for_number`); "001" for non-geographic entities.
    public var regionCode: String { Metadata.shared.regions[Int(regionIndex)].code }
    /// Extension digits written after the number ("ext. 12", "x12", ";ext=12", ",,12"), if any.
    ///
    /// libphonenumber appends them to the NATIONAL and INTERNATIONAL formats, so `.national` and
    /// `.international` end with these digits too; `.e164` never includes them.
    public var `extension`: String? { extensionDigits.count == 0 ? nil : extensionDigits.string }
    /// Whether the number has an extension (without building it as a String).
    public var hasExtension: Bool { extensionDigits.count > 0 }

    // Packed so that parsing builds no strings and a number is plain bytes (40 of them, no reference to
    // count) however many layers return it: the national number as an integer plus its digit count (which
    // restores leading zeros), the region as an index into the metadata, the extension as packed digits.
    let nationalValue: UInt64
    /// The national number's digits, four bits each, the first in the lowest bits (up to 16 digits; a longer
    /// one is written from `nationalValue`): formatting reads them without dividing by ten digit by digit.
    let nationalNibbles: UInt64
    /// Empty when the number has no extension.
    let extensionDigits: PackedDigits
    let callingCode: UInt16
    let regionIndex: UInt16
    let nationalLength: UInt8
    /// The line type libphonenumber's `number_type` gives.
    public let type: PhoneNumberType

    init(
        countryCode: Int, national digits: UnsafeBufferPointer<UInt8>, regionIndex: Int, type: PhoneNumberType,
        extension: PackedDigits = PackedDigits()
    ) {
        var value: UInt64 = 0
        var nibbles: UInt64 = 0
        for (index, digit) in digits.enumerated() {
            value = value &* 10 &+ UInt64(digit)
            nibbles |= UInt64(digit & 0x0F) &<< UInt64(truncatingIfNeeded: 4 &* index)
        }
        self.nationalNibbles = digits.count <= 16 ? nibbles : 0
        self.callingCode = UInt16(truncatingIfNeeded: countryCode)
        self.nationalValue = value
        self.nationalLength = UInt8(digits.count)
        self.regionIndex = UInt16(regionIndex)
        self.type = type
        self.extensionDigits = `extension`
    }

    /// Writes the national significant number as digit values (or ASCII digits) into `out`.
    @inline(__always)
    func writeNationalNumber(ascii: Bool, into out: UnsafeMutablePointer<UInt8>) {
        let offset: UInt8 = ascii ? 48 : 0
        let length = Int(nationalLength)
        if length <= 16 {
            var nibbles = nationalNibbles
            for index in 0..<length {
                out[index] = UInt8(truncatingIfNeeded: nibbles & 0x0F) &+ offset
                nibbles &>>= 4
            }
            return
        }
        var value = nationalValue
        var i = length - 1
        while i >= 0 {
            out[i] = UInt8(truncatingIfNeeded: value % 10) &+ offset
            value /= 10
            i -= 1
        }
    }

    /// The number in `format`; see `PhoneFormat` for the shapes.
    public func formatted(_ format: PhoneFormat) -> String {
        // Render on the stack so short results become small strings without a heap allocation.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64 + Int(extensionDigits.count)) { buffer in
            guard let base = buffer.baseAddress else { return "" }
            let count = write(format, into: base)
            return String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
        }
    }

    /// Writes `formatted(format)` as ASCII into `buffer` without allocating.
    /// - Returns: the byte count, or nil when `buffer` is too small (64 bytes plus the extension always fit).
    public func write(_ format: PhoneFormat, into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        guard buffer.count >= 64 + Int(extensionDigits.count), let base = buffer.baseAddress else { return nil }
        return write(format, into: base.assumingMemoryBound(to: UInt8.self))
    }

    /// phonenumbers' `time_zones_for_number`: ["Etc/Unknown"] when nothing more specific is known.
    public var timeZones: [String] {
        Metadata.shared.timeZones(for: self)
    }
}
