import PhoneNumbers

/// libFuzzer entry point: the phone parser on arbitrary text, then every format of what it accepts.
/// The first input byte picks the default region.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPhone(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let regions = ["UY", "AR", "BR", "US", "GB", "MX", "ES", "DE", "IT", "uy", "ZZ", ""]
    let region = regions[Int(data[0]) % regions.count]
    let text = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let parser = PhoneNumberParser.shared
    guard case .success(let number) = parser.parse(utf8: text, defaultRegion: region) else { return 0 }
    for format in [PhoneFormat.e164, .national, .international] {
        let formatted = number.formatted(format)
        if format == .e164 {
            // What the tool sends must parse back to the same number.
            guard case .success(let again) = parser.parse(formatted, defaultRegion: "ZZ") else {
                fatalError("E.164 form \(formatted) does not parse back")
            }
            if again.countryCode != number.countryCode || again.nationalNumber != number.nationalNumber {
                fatalError("E.164 form \(formatted) parses to a different number")
            }
        }
    }
    _ = number.timeZones
    return 0
}
