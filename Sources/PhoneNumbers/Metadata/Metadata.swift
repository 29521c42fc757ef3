/// libphonenumber's metadata for every region, built once from the generated `Metadata.text`.
final class Metadata: Sendable {
    /// Loaded lazily on first use (Swift initialises static stored properties once, thread-safely).
    static let shared = Metadata(text: Metadata.text)

    /// Everything a calling code needs: its regions (main region first) and formatting rules.
    struct Country: Sendable {
        var regions: [Int] = []
        var nationalFormats: [NumberFormat] = []
        var internationalFormats: [NumberFormat] = []
        var digits: [UInt8] = []
    }

    let version: String
    let automata: DigitAutomata
    let regions: [RegionMetadata]
    /// Region code → index in `regions`, geographic regions only.
    let regionIndex: [String: Int]
    /// Indexed by calling code (0..<1000); `nil` for unassigned codes.
    let countries: [Country?]
    let timeZones: TimeZoneMap
    let supportedRegions: [String]

    init(
        version: String, automata: DigitAutomata, regions: [RegionMetadata], countries: [Country?],
        timeZones: TimeZoneMap
    ) {
        self.version = version
        self.automata = automata
        self.regions = regions
        self.countries = countries
        self.timeZones = timeZones
        var index: [String: Int] = [:]
        for (i, region) in regions.enumerated() where region.code != "001" { index[region.code] = i }
        regionIndex = index
        supportedRegions = index.keys.sorted()
    }

    @inline(__always)
    func country(_ code: Int) -> Country? {
        code > 0 && code < countries.count ? countries[code] : nil
    }

    /// `metadata_for_region_or_calling_code(cc, region_code_for_country_code(cc))`.
    @inline(__always)
    func mainRegion(of code: Int) -> RegionMetadata? {
        guard let first = country(code)?.regions.first else { return nil }
        return regions[first]
    }
}
