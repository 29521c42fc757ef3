/// Every number a file's (campaign, zone) routes go by, in one place.
///
/// Each normaliser numbers the routes it meets in its own order (its thread shares no table); the file
/// needs one number per route (the spool's chunk groups) and, per route, the run-wide number of its campaign
/// (what the duplicate check keys on). A batch brings the routes its normaliser met first in it; `learn`
/// maps them, and a row's route is then two array lookups.
struct RouteTable {
    /// The file's routes, in the order first seen; a file route number indexes it.
    private(set) var routes: [RowNormalizer.Route] = []
    private var numbers: [RowNormalizer.Route: Int] = [:]
    /// The run-wide campaign number of each file route.
    private var campaignNumbers: [UInt32] = []
    /// For each normaliser, the file route of each of its own route numbers.
    private var fromNormalizer: [[Int]]

    init(normalizers: Int) {
        fromNormalizer = Array(repeating: [], count: normalizers)
    }

    /// Takes in the routes `batch`'s normaliser met first in it; `campaignNumber` numbers a new campaign.
    mutating func learn(
        _ batch: RowBatch, campaignNumber: (String) throws(IngestError) -> UInt32
    ) throws(IngestError) {
        for route in batch.newRoutes {
            let number = numbers[route] ?? routes.count
            if number == routes.count {
                numbers[route] = number
                routes.append(route)
                campaignNumbers.append(try campaignNumber(route.campaign))
            }
            fromNormalizer[batch.normalizer].append(number)
        }
    }

    /// The file route of each of `normalizer`'s route numbers (looked up once per batch).
    func fileRoutes(of normalizer: Int) -> [Int] {
        fromNormalizer[normalizer]
    }

    /// The run-wide number of file route `route`'s campaign.
    func campaignNumber(of route: Int) -> UInt32 {
        campaignNumbers[route]
    }
}
