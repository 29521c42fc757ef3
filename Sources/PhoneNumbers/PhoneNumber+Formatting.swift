extension PhoneNumber {
    /// Renders into `out` (at least 64 bytes); returns the byte count.
    func write(_ format: PhoneFormat, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var count = writeNumber(format, into: out)
        if format != .e164, let digits = `extension` {
            for byte in digits.utf8 {
                out[count] = byte
                count += 1
            }
        }
        return count
    }

    private func writeNumber(_ format: PhoneFormat, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let metadata = Metadata.shared
        var count = 0
        var nsn = nationalNumber
        return nsn.withUTF8 { ascii in
            // Digit values for the DFAs and templates; national numbers are at most 17 digits.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { scratch in
                let length = min(ascii.count, 32)
                for i in 0..<length { scratch[i] = ascii[i] &- 48 }
                let digits = UnsafeBufferPointer(rebasing: scratch[..<length])
                switch format {
                case .e164, .international:
                    if format == .e164 {
                        out[count] = UInt8(ascii: "+")
                        count += 1
                    }
                    for byte in String(countryCode).utf8 {
                        out[count] = byte
                        count += 1
                    }
                    if format == .e164 {
                        for byte in ascii {
                            out[count] = byte
                            count += 1
                        }
                        return count
                    }
                    let formats = metadata.country(countryCode)?.internationalFormats ?? []
                    return count + Self.render(digits, formats, metadata, out + count)
                case .national:
                    let formats = metadata.country(countryCode)?.nationalFormats ?? []
                    return Self.render(digits, formats, metadata, out)
                }
            }
        }
    }

    /// `_format_nsn`, digits only: the first applicable format's template, else the bare number.
    private static func render(
        _ digits: UnsafeBufferPointer<UInt8>, _ formats: [NumberFormat], _ metadata: Metadata,
        _ out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        for format in formats where format.applies(to: digits, automata: metadata.automata) {
            return format.render(digits, into: out)
        }
        for (i, digit) in digits.enumerated() { out[i] = digit &+ 48 }
        return digits.count
    }
}
