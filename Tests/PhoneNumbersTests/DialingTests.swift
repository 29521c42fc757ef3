import Testing

@testable import PhoneNumbers

/// `dialable(from:)` against phonenumbers 9.0.43's `format_out_of_country_calling_number`, as digits
/// (the expected values were printed by it). The one planned difference: a NANPA number dialled from a
/// NANPA region keeps its national digits, without the `1` libphonenumber puts first.
@Suite struct DialingTests {
    let parser = PhoneNumberParser.shared

    static let cases: [(input: String, from: String, dialled: String)] = [
        ("+352 24001234", "UY", "0035224001234"),
        ("+54 9 11 2345-6789", "UY", "005491123456789"),
        ("+1 202 555 0125", "UY", "0012025550125"),
        ("+598 98 344 484", "AR", "0059898344484"),
        ("+34 612 345 678", "US", "01134612345678"),
        ("+44 20 7946 0958", "ES", "00442079460958"),
        // No single international prefix in Brazil or Colombia: the E.164 form.
        ("+598 2400 1234", "BR", "+59824001234"),
        ("+55 11 91234 5678", "CO", "+5511912345678"),
        // Russia's preferred prefix `8~10` (wait for the tone after the 8), as digits.
        ("+49 30 1234567", "RU", "81049301234567"),
        // The region's own calling code, shared or not: the national form.
        ("+598 98 344 484", "UY", "098344484"),
        ("+44 1534 123456", "GB", "01534123456"),
        ("+7 701 123 4567", "RU", "87011234567"),
        ("+39 06 1234 5678", "IT", "0612345678"),
        ("+1 613 555 0123", "US", "6135550123"),
    ]

    @Test(arguments: cases)
    func foreignNumbersAreDialledThroughTheRegionsInternationalPrefix(
        _ example: (input: String, from: String, dialled: String)
    ) throws {
        let number = try parser.parse(example.input, defaultRegion: example.from).get()
        let region = parser.defaultRegion(example.from)
        #expect(number.dialable(from: region) == example.dialled)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 1)
        defer { buffer.deallocate() }
        let count = try #require(number.writeDialable(from: region, into: buffer))
        #expect(String(decoding: buffer[..<count], as: UTF8.self) == example.dialled)
        #expect(number.writeDialable(from: region, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<8])) == nil)
    }

    @Test func anUnknownRegionGivesTheNationalForm() throws {
        let number = try parser.parse("+352 24001234", defaultRegion: "UY").get()
        #expect(number.dialable(from: parser.defaultRegion("XX")) == number.formatted(.national))
    }
}
