import Foundation
import PhoneNumbers
import Testing

/// Agreement with phonenumbers 9.0.43 on the generated corpus (scripts/phonemeta/corpus.py).
@Suite struct CorpusAgreementTests {
    struct Row {
        let line: Int
        let input: String
        let region: String
        let valid: Bool
        let error: String
        let type: String
        let regionCode: String
        let national: String
        let e164: String
        let international: String
        let timeZones: String
    }

    static func resource(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "tsv", subdirectory: "Resources"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func loadRows() throws -> (rows: [Row], zones: [String: String]) {
        var zones: [String: String] = [:]
        for line in try resource("timezones").split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            zones[String(fields[0])] = String(fields[1])
        }
        var rows: [Row] = []
        for (index, line) in try resource("corpus").split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        where !line.hasPrefix("# input\t") && !line.isEmpty {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 10 else { continue }
            rows.append(
                Row(
                    line: index + 1, input: f[0], region: f[1], valid: f[2] == "1", error: f[3], type: f[4],
                    regionCode: f[5], national: f[6], e164: f[7], international: f[8],
                    timeZones: f[9].isEmpty ? "" : zones[f[9], default: "?"]))
        }
        return (rows, zones)
    }

    /// One compared aspect: how many rows agree and the first disagreements.
    struct Tally {
        let name: String
        var compared = 0
        var agreed = 0
        var examples: [String] = []

        mutating func check(_ row: Row, expected: String, actual: String) {
            compared += 1
            if expected == actual {
                agreed += 1
            } else if examples.count < 15 {
                examples.append("line \(row.line) \(row.region) \"\(row.input)\": want \(expected), got \(actual)")
            }
        }

        var ratio: Double { compared == 0 ? 1 : Double(agreed) / Double(compared) }
    }

    @Test(.tags(.slow)) func agreesWithReference() throws {
        let (rows, _) = try Self.loadRows()
        #expect(rows.count >= 50_000)
        #expect(Set(rows.map(\.region)).count >= 25)
        let parser = PhoneNumberParser.shared
        var validity = Tally(name: "validity")
        var error = Tally(name: "error kind")
        var type = Tally(name: "type")
        var region = Tally(name: "region")
        var national = Tally(name: "national")
        var e164 = Tally(name: "e164")
        var international = Tally(name: "international")
        var zones = Tally(name: "time zones")
        for row in rows {
            let result = parser.parse(row.input, defaultRegion: row.region)
            switch result {
            case .success(let number):
                validity.check(row, expected: row.valid ? "valid" : "invalid (\(row.error))", actual: "valid")
                guard row.valid else { continue }
                type.check(row, expected: row.type, actual: number.type.rawValue)
                region.check(row, expected: row.regionCode, actual: number.regionCode)
                national.check(row, expected: row.national, actual: number.formatted(.national))
                e164.check(row, expected: row.e164, actual: number.formatted(.e164))
                international.check(row, expected: row.international, actual: number.formatted(.international))
                zones.check(row, expected: row.timeZones, actual: number.timeZones.joined(separator: ","))
            case .failure(let failure):
                if row.valid {
                    validity.check(row, expected: "valid", actual: "invalid (\(failure.rawValue))")
                } else {
                    validity.check(row, expected: "invalid", actual: "invalid")
                    error.check(row, expected: row.error, actual: failure.rawValue)
                }
            }
        }
        let tallies = [validity, error, type, region, national, e164, international, zones]
        print("Agreement with phonenumbers 9.0.43 over \(rows.count) corpus rows:")
        for tally in tallies {
            let percent = String(format: "%.3f", tally.ratio * 100)
            print("  \(tally.name): \(tally.agreed)/\(tally.compared) (\(percent) %)")
            for example in tally.examples { print("    \(example)") }
        }
        for tally in tallies {
            #expect(tally.ratio >= 0.999, "\(tally.name) agreement \(tally.ratio) below 99.9 %")
        }
    }
}
