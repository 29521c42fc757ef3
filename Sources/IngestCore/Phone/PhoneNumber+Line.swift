import PhoneNumbers

extension PhoneNumberParser {
    /// `number` without an extension (`ext. 12`): a dialer cannot dial one, and libphonenumber would append
    /// its digits to the national and international forms.
    func withoutExtension(_ number: PhoneNumber, region: String) -> PhoneNumber {
        guard number.hasExtension, case .success(let plain) = parse(number.formatted(.e164), defaultRegion: region)
        else { return number }
        return plain
    }
}

extension PhoneNumber {
    /// The number as a dialer line carries it in `format`. `national` is what one dials from the default
    /// region: a foreign number keeps its calling code behind the region's international prefix (its national
    /// digits alone would ring somebody else in the region).
    func lineForm(_ format: PhoneFormat, from region: DefaultRegion) -> String {
        format == .national ? dialable(from: region) : formatted(format)
    }

    /// Writes `lineForm(format, from: region)` into `buffer`; nil when it is too small (see `write`).
    func writeLineForm(
        _ format: PhoneFormat, from region: DefaultRegion, into buffer: UnsafeMutableRawBufferPointer
    ) -> Int? {
        format == .national ? writeDialable(from: region, into: buffer) : write(format, into: buffer)
    }
}
