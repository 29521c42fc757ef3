import SwiftShims

/// The shared metadata lives as long as the process, and the hot path retains and releases its objects on
/// every number (the metadata, a country, a region, their arrays), from both normalising cores at once on
/// the same few objects: each a locked read-modify-write, and a cache line passed between the cores. Marked
/// immortal, the runtime skips those writes (`_swift_stdlib_immortalize`, the standard library's own shim
/// for objects that are never freed).
extension Metadata {
    func makeImmortal() {
        Immortal.mark(self)
        Immortal.mark(regions)
        Immortal.mark(regionsByCode)
        Immortal.mark(countries)
        for region in regions { region.makeImmortal() }
        for case let country? in countries {
            Immortal.mark(country)
            Immortal.mark(country.regions)
            Immortal.mark(country.digits)
        }
    }
}

extension RegionMetadata {
    fileprivate func makeImmortal() {
        Immortal.mark(self)
        Immortal.mark(countryCodeDigits)
        Immortal.mark(lengthMasks)
        Immortal.mark(descsByLength)
        if let transformRule { Immortal.mark(transformRule) }
        for case .regex(let regex)? in [internationalPrefix, nationalPrefixForParsing] {
            Immortal.mark(regex.program)
            if let literal = regex.literal { Immortal.mark(literal) }
        }
    }
}

private enum Immortal {
    static func mark(_ object: AnyObject) {
        _swift_stdlib_immortalize(Unmanaged.passUnretained(object).toOpaque())
    }

    /// Without Objective-C interop an array is one reference to its storage (with it, the reference may
    /// carry bridging bits: left alone there). The empty array's storage is static, and immortal already.
    static func mark<Element>(_ array: [Element]) {
        #if !_runtime(_ObjC)
            guard !array.isEmpty else { return }
            withExtendedLifetime(array) {
                _swift_stdlib_immortalize(unsafeBitCast(array, to: UnsafeMutableRawPointer.self))
            }
        #endif
    }
}
