import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// `timezone: auto`, `phone.allowed_types` and the `phone` command, through the public interfaces.
@Suite struct PhoneAndZoneTests {
    @Test func autoZoneComesFromTheNumberWhenItIsUnambiguous() throws {
        let temp = try TemporaryDirectory()
        let leads = try temp.write(
            "leads.csv",
            "telefono,nombre\n098344484,Ana\n+1 212 555 0123,Bob\n+54 9 11 2345-6789,Carla\n+1 800 555 0199,Dan\n")
        let config = try temp.write("config.yaml", "campaign: C->\ntimezone: auto\n")
        let result = try Tool.run(["validate", "-c", config, "--output-dir", temp.file("out"), leads])
        #expect(result.status == 0, "\(result.stderr)")
        let chunks = try temp.chunks(in: "out")
        #expect(chunks.count == 3, "\(chunks)")
        #expect(chunks.contains { $0.contains("America-Montevideo") })
        #expect(chunks.contains { $0.contains("America-New-York") })
        // libphonenumber's `America/Buenos_Aires`, under its current name.
        #expect(chunks.contains { $0.contains("America-Argentina-Buenos-Aires") })
        let rejects = try readLines(temp.file("out/report.rejects.csv"))
        #expect(rejects.contains { $0.contains(",5,ambiguous-timezone,") }, "\(rejects)")
    }

    /// Zone aliases are one zone: the allow-list matches libphonenumber's old names, and rows naming a zone
    /// by two names make one upload group under the current name.
    @Test(.enabled(if: !TimezoneRules.links.isEmpty, "the system has no tzdata.zi"))
    func zoneAliasesMatchTheAllowListAndMakeOneGroup() throws {
        let temp = try TemporaryDirectory()
        let leads = try temp.write(
            "leads.csv", "telefono,tz\n+54 9 11 2345-6789,\n098344484,Europe/Kiev\n098344485,Europe/Kyiv\n")
        let config = try temp.write(
            "config.yaml",
            """
            campaign: C->
            timezone: auto
            timezones: {allowed: [America/Argentina/Buenos_Aires, Europe/Kiev]}
            columns: {number: telefono, timezone: tz}

            """)
        let result = try Tool.run(["validate", "-c", config, "--output-dir", temp.file("out"), leads])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("3 rows, 3 accepted"), "\(result.stderr)")
        let chunks = try temp.chunks(in: "out")
        #expect(chunks.count == 2, "\(chunks)")
        #expect(chunks.contains { $0.contains("America-Argentina-Buenos-Aires") })
        #expect(chunks.contains { $0.contains("Europe-Kyiv") })
    }

    @Test func onlyAllowedNumberTypesAreLoaded() throws {
        let temp = try TemporaryDirectory()
        let leads = try temp.write("leads.csv", "telefono\n098344484\n24001234\n")
        let config = try temp.write("config.yaml", "campaign: W->\nphone:\n  allowed_types: [mobile]\n")
        let result = try Tool.run(["validate", "-c", config, "--output-dir", temp.file("out"), leads])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try temp.chunks(in: "out").flatMap { try readLines(temp.file("out/\($0)")) }
        #expect(lines == ["W->;098344484;;;;", ""])
        #expect(result.stderr.contains("wrong-number-type 1"), "\(result.stderr)")
    }

    @Test func phoneCommandPrintsVerdictTypeFormsAndZones() throws {
        let result = try Tool.run([
            "phone", "--region", "UY", "--format", "e164", "98344484", "9,83E+07", "(02) 400-1234",
        ])
        #expect(result.status == 0)
        #expect(
            result.stdout.split(separator: "\n") == [
                "98344484\tvalid\tmobile\t+59898344484\t+59898344484\tAmerica/Montevideo",
                "9,83E+07\tinvalid\tscientific-notation\t\t\t",
                "(02) 400-1234\tvalid\tfixed-line\t+59824001234\t+59824001234\tAmerica/Montevideo",
            ])
        // National form: what one dials from the region, so a foreign number keeps its calling code.
        let foreign = try Tool.run(["phone", "--region", "UY", "--format", "national", "+54 9 11 2345-6789"])
        #expect(foreign.stdout.split(separator: "\t").dropFirst(3).first == "005491123456789", "\(foreign.stdout)")
        let unknown = try Tool.run(["phone", "--region", "ZZ", "1"])
        #expect(unknown.status == 64)
    }
}
