import PhoneNumbers
import Testing

@Suite struct ShapeTests {
    let parser = PhoneNumberParser.shared

    @Test(arguments: [
        "98344484", "+598 98 344 484", "00598 98344484", "(098) 344-484", "098.344.484", "098-344-484",
        "59898344484", "+59898344484", "  098 344 484  ",
    ])
    func uruguayanMobileShapes(_ text: String) throws {
        let number = try parser.parse(text, defaultRegion: "UY").get()
        #expect(number.countryCode == 598)
        #expect(number.nationalNumber == "98344484")
        #expect(number.regionCode == "UY")
        #expect(number.type == .mobile)
        #expect(number.formatted(.national) == "098344484")
        #expect(number.formatted(.e164) == "+59898344484")
        #expect(number.formatted(.international) == "59898344484")
        #expect(number.timeZones == ["America/Montevideo"])
    }

    @Test(arguments: [
        ("9.83E+07", PhoneParseError.scientificNotation), ("9,83E+07", .scientificNotation),
        ("9.83e7", .scientificNotation), ("5.98983E+10", .scientificNotation), ("", .empty), (" - ", .empty),
        ("()", .empty), ("N/A", .notANumber), ("abc", .notANumber), ("+999 1234 5678", .invalidCountryCode),
        ("123", .tooShort), ("0", .notANumber), ("1234567890123456789012", .tooLong),
        ("12345678", .invalidNumber),
    ])
    func errors(_ text: String, _ expected: PhoneParseError) {
        #expect(parser.parse(text, defaultRegion: "UY") == .failure(expected))
    }

    @Test func argentineMobileNationalFormatKeepsFifteen() throws {
        let number = try parser.parse("+54 9 11 2345 6789", defaultRegion: "AR").get()
        #expect(number.type == .mobile)
        #expect(number.formatted(.national) == "0111523456789")
        #expect(number.formatted(.e164) == "+5491123456789")
        #expect(number.formatted(.international) == "5491123456789")
    }

    @Test func unknownRegionNeedsPlus() {
        #expect(parser.parse("098344484", defaultRegion: "XX") == .failure(.invalidCountryCode))
        #expect(!parser.isSupportedRegion("XX"))
        #expect(parser.isSupportedRegion("UY"))
        #expect(parser.supportedRegions.count == 245)
    }

    @Test func utf8FastPathAgrees() throws {
        let text = "+598 98 344 484"
        let viaBytes = Array(text.utf8).withUnsafeBytes { parser.parse(utf8: $0, defaultRegion: "UY") }
        #expect(viaBytes == parser.parse(text, defaultRegion: "UY"))
    }
}
