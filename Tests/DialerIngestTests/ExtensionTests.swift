import Foundation
import PhoneNumbers
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

@Suite struct ExtensionTests {
    @Test func anExtensionIsNotPartOfTheDialledNumber() throws {
        var config = IngestConfig()
        config.campaign = "C->"
        let map = ColumnMap(headers: ["tel", "alt"], number: 0, alternatives: [.init(index: 1, type: nil)])
        let normalizer = RowNormalizer(map: map, config: config)
        var record = CSVRecord()
        record.bytes = Array("098 344 484 ext. 12099 124 484 x 7".utf8)
        record.fieldEnds = [20, record.bytes.count]
        record.line = 2
        guard case .success = normalizer.normalize(record) else {
            Issue.record("the row must be accepted")
            return
        }
        #expect(String(decoding: normalizer.line, as: UTF8.self) == "C->;098344484;;099124484;;\n")
    }
}
