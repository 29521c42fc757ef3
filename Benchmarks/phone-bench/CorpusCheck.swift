import Foundation
import PhoneNumbers

/// `phone-bench --corpus corpus.tsv [timezones.tsv]`: prints every disagreement with the reference corpus.
enum CorpusCheck {
    static func run(corpus: String, zonesPath: String?) throws {
        var zones: [String: String] = [:]
        if let zonesPath {
            for line in try String(contentsOfFile: zonesPath, encoding: .utf8).split(separator: "\n") {
                let f = line.split(separator: "\t", omittingEmptySubsequences: false)
                zones[String(f[0])] = String(f[1])
            }
        }
        var rows = 0
        var disagreements = 0
        for line in try String(contentsOfFile: corpus, encoding: .utf8).split(separator: "\n")
        where !line.hasPrefix("# input\t") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 10 else { continue }
            rows += 1
            let expected: String
            if f[2] == "1" {
                let zone = f[9].isEmpty ? "" : zones[f[9], default: f[9]]
                expected = [f[4], f[5], f[6], f[7], f[8], zonesPath == nil ? "" : zone].joined(separator: " ")
            } else {
                expected = "error " + f[3]
            }
            let actual: String
            switch PhoneNumberParser.shared.parse(f[0], defaultRegion: f[1]) {
            case .success(let n):
                let zone = zonesPath == nil ? "" : n.timeZones.joined(separator: ",")
                actual = [
                    n.type.rawValue, n.regionCode, n.formatted(.national), n.formatted(.e164),
                    n.formatted(.international), zone,
                ].joined(separator: " ")
            case .failure(let error):
                actual = "error " + error.rawValue
            }
            if actual != expected {
                disagreements += 1
                print("\(f[1])\t\(f[0])\n    want \(expected)\n    got  \(actual)")
            }
        }
        print("\(disagreements) disagreements in \(rows) rows")
    }
}
