extension PhoneNumber {
    /// The digits to dial from `region`: libphonenumber's `format_out_of_country_calling_number`, as digits.
    /// A number of the region's own calling code is its `national` form; any other is the region's
    /// international prefix, the calling code and the national number (`+352 24001234` from Uruguay:
    /// `0035224001234`), or its E.164 form where the region has no single international prefix (Brazil,
    /// Colombia, Chile...). Its national form alone would dial somebody else in the region.
    public func dialable(from region: DefaultRegion) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64 + Int(extensionDigits.count)) { buffer in
            let count = writeDialable(from: region, into: UnsafeMutableRawBufferPointer(buffer)) ?? 0
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    /// Writes `dialable(from:)` as ASCII into `buffer` without allocating.
    /// - Returns: the byte count, or nil when `buffer` is too small (64 bytes plus the extension always fit).
    public func writeDialable(from region: DefaultRegion, into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        guard let home = region.metadata, home.countryCode != countryCode else {
            return write(.national, into: buffer)
        }
        guard let count = write(.e164, into: buffer), let base = buffer.baseAddress else { return nil }
        let prefix = home.dialPrefix
        if prefix.isEmpty { return count }
        // `+CCNNN` becomes `PREFIX CCNNN`: the digits move right (backwards: the ranges overlap).
        let digits = count - 1
        guard prefix.count + digits <= buffer.count else { return nil }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var index = digits
        while index > 0 {
            bytes[prefix.count + index - 1] = bytes[index]
            index -= 1
        }
        for (offset, digit) in prefix.enumerated() { bytes[offset] = digit }
        return prefix.count + digits
    }
}
