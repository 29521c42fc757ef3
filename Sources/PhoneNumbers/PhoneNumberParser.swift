/// Parses, validates and classifies phone numbers with libphonenumber's rules.
public struct PhoneNumberParser: Sendable {
    /// The parser over the embedded metadata; the metadata is decoded on first use.
    public static let shared = PhoneNumberParser(metadata: .shared)

    let metadata: Metadata

    init(metadata: Metadata) {
        self.metadata = metadata
    }

    /// Parses `text` as a number dialled from `defaultRegion` (ISO 3166 code, e.g. "UY"; unlike
    /// libphonenumber, lower case is accepted too). An unsupported region still parses numbers written
    /// with `+`.
    /// - Returns: the number when libphonenumber would parse it and find it valid; otherwise why not.
    public func parse(_ text: String, defaultRegion: String) -> Result<PhoneNumber, PhoneParseError> {
        var text = text
        return text.withUTF8 { parse(utf8: UnsafeRawBufferPointer($0), defaultRegion: defaultRegion) }
    }

    /// `parse(_:defaultRegion:)` over UTF-8 bytes, for callers that already hold a byte buffer.
    public func parse(utf8: UnsafeRawBufferPointer, defaultRegion: String) -> Result<PhoneNumber, PhoneParseError> {
        parseBytes(utf8.bindMemory(to: UInt8.self), region: region(defaultRegion))
    }

    /// `parse(utf8:defaultRegion:)` with the region looked up once (`defaultRegion(_:)`), for many numbers.
    public func parse(utf8: UnsafeRawBufferPointer, region: DefaultRegion) -> Result<PhoneNumber, PhoneParseError> {
        parseBytes(utf8.bindMemory(to: UInt8.self), region: region.metadata)
    }

    /// `code` looked up once for `parse(utf8:region:)`.
    public func defaultRegion(_ code: String) -> DefaultRegion {
        DefaultRegion(code: code, metadata: region(code))
    }

    public func isSupportedRegion(_ regionCode: String) -> Bool {
        region(regionCode) != nil
    }

    /// Every geographic region with metadata, sorted.
    public var supportedRegions: [String] { metadata.supportedRegions }

    /// The metadata of `code`, accepting lower case.
    func region(_ code: String) -> RegionMetadata? {
        metadata.region(code)
    }
}

/// A default region as `PhoneNumberParser.parse(utf8:region:)` takes it: looked up once, not per number.
public struct DefaultRegion: Sendable {
    public let code: String
    let metadata: RegionMetadata?
}
