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
        var nsn = nationalNumber
        count += nsn.withUTF8 { ascii in
            if format == .e164 {
                for (i, byte) in ascii.enumerated() { out[count + i] = byte }
                return ascii.count
            }
            // Digit values for the DFAs and templates; national numbers are at most 17 digits.
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { scratch in
                let length = min(ascii.count, 32)
                for i in 0..<length { scratch[i] = ascii[i] &- 48 }
                return metadata.formats.render(
                    countryCode: countryCode, national: format == .national,
                    UnsafeBufferPointer(rebasing: scratch[..<length]), automata: metadata.automata, into: out + count)
            }
        }
        if format != .e164, let digits = `extension` {
            for byte in digits.utf8 {
                out[count] = byte
                count += 1
            }
        }
        return count
    }
}
