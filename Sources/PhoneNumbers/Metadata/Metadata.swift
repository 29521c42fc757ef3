/// libphonenumber's metadata for every region, built once from the generated `Metadata.text`.
final class Metadata: Sendable {
    /// Loaded lazily on first use (Swift initialises static stored properties once, thread-safely).
    static let shared = Metadata(text: Metadata.text)

    /// The regions sharing a calling code, main region first.
    final class Country: Sendable {
        let regions: [RegionMetadata]
        /// The calling code as digit values.
        let digits: [UInt8]

        init(regions: [RegionMetadata], digits: [UInt8]) {
            self.regions = regions
            self.digits = digits
        }
    }

    let version: String
    let automata: DigitAutomata
    let regions: [RegionMetadata]
    /// Geographic regions by `regionSlot` of their code.
    let regionsByCode: [RegionMetadata?]
    /// Indexed by calling code (0..<1000); `nil` for unassigned codes.
    let countries: [Country?]
    let timeZones: TimeZoneMap
    let formats: FormatTable
    let supportedRegions: [String]
    /// For the per-number lookups, plain values: `countries` and `regions` hand out references, and each
    /// one loaded is retained and released (~190 of the ~1,640 instructions a Uruguayan number took). Per calling code: how many regions share it and its
    /// main region's index (-1: unassigned); per region index: the region, unretained (`regions` owns it).
    /// Written once here, read-only after (hence `nonisolated(unsafe)`); never freed, like the metadata.
    nonisolated(unsafe) private let regionCounts: UnsafeMutablePointer<UInt8>
    nonisolated(unsafe) private let mainRegionIndexes: UnsafeMutablePointer<Int16>
    nonisolated(unsafe) private let regionHandles: UnsafeMutablePointer<Unmanaged<RegionMetadata>>

    init(
        version: String, automata: DigitAutomata, regions: [RegionMetadata], countries: [Country?],
        formats: FormatTable, timeZones: TimeZoneMap
    ) {
        self.formats = formats
        self.version = version
        self.automata = automata
        self.regions = regions
        self.countries = countries
        self.timeZones = timeZones
        var byCode: [RegionMetadata?] = Array(repeating: nil, count: 26 * 26)
        for region in regions {
            if let slot = Self.regionSlot(region.code) { byCode[slot] = region }
        }
        regionsByCode = byCode
        supportedRegions = regions.map(\.code).filter { Self.regionSlot($0) != nil }.sorted()
        regionCounts = .allocate(capacity: countries.count)
        mainRegionIndexes = .allocate(capacity: countries.count)
        for (code, country) in countries.enumerated() {
            regionCounts[code] = UInt8(clamping: country?.regions.count ?? 0)
            mainRegionIndexes[code] = Int16(country?.regions.first?.index ?? -1)
        }
        regionHandles = .allocate(capacity: max(regions.count, 1))
        for region in regions {
            precondition(regions[region.index] === region, "a region's index is its place in `regions`")
            (regionHandles + region.index).initialize(to: .passUnretained(region))
        }
    }

    /// How many regions share calling code `code` (0: unassigned).
    @inline(__always)
    func regionCount(of code: Int) -> Int {
        code > 0 && code < countries.count ? Int(regionCounts[code]) : 0
    }

    /// The index of `code`'s main region (`metadata_for_region_or_calling_code(cc, region_code_for_country_code(cc))`),
    /// or -1.
    @inline(__always)
    func mainRegionIndex(of code: Int) -> Int {
        code > 0 && code < countries.count ? Int(mainRegionIndexes[code]) : -1
    }

    /// The region at `index` (an index of `regions`), unretained.
    @inline(__always)
    func regionHandle(_ index: Int) -> Unmanaged<RegionMetadata> {
        regionHandles[index]
    }

    @inline(__always)
    func country(_ code: Int) -> Country? {
        code > 0 && code < countries.count ? countries[code] : nil
    }

    /// Index of a two-letter region code (either case) in `regionsByCode`.
    @inline(__always)
    static func regionSlot(_ code: String) -> Int? {
        var code = code
        return code.withUTF8 { bytes -> Int? in
            guard bytes.count == 2 else { return nil }
            let a = Int(bytes[0] | 0x20) - 0x61
            let b = Int(bytes[1] | 0x20) - 0x61
            guard a >= 0, a < 26, b >= 0, b < 26 else { return nil }
            return a * 26 + b
        }
    }

    @inline(__always)
    func region(_ code: String) -> RegionMetadata? {
        guard let slot = Self.regionSlot(code) else { return nil }
        return regionsByCode[slot]
    }
}
