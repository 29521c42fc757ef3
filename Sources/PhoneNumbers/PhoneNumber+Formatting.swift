extension PhoneNumber {
    /// Renders into `out` (at least 64 bytes plus the extension); returns the byte count.
    func write(_ format: PhoneFormat, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let metadata = Metadata.shared
        var count = 0
        if format == .e164 {
            out[0] = UInt8(ascii: "+")
            count = 1
        }
        if format != .national {
            count += metadata.formats.writeCountryCode(countryCode, into: out + count)
        }
        let length = Int(nationalLength)
        if format == .e164 {
            writeNationalNumber(ascii: true, into: out + count)
            count += length
        } else {
            count += withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { scratch in
                guard let digits = scratch.baseAddress else { return 0 }
                writeNationalNumber(ascii: false, into: digits)
                return metadata.formats.render(
                    countryCode: countryCode, national: format == .national,
                    UnsafeBufferPointer(start: digits, count: length), automata: metadata.automata, into: out + count)
            }
        }
        if format != .e164 { count += extensionDigits.writeASCII(into: out + count) }
        return count
    }
}
