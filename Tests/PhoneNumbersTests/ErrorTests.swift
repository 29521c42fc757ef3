import PhoneNumbers
import Testing

/// Each `PhoneParseError`, from the shapes that produce it.
@Suite struct ErrorTests {
    let parser = PhoneNumberParser.shared

    @Test(arguments: ["9.83E+07", "9,83E+07", "9.83e7", "5.98983E+10", " 9.834448E+07 ", "-1.2E-3", "98344484E0"])
    func scientificNotationIsAlwaysInvalid(_ text: String) {
        // phonenumbers would read "9.83E+07" as the digits 98307; the real digits are gone.
        #expect(parser.parse(text, defaultRegion: "UY") == .failure(.scientificNotation))
    }

    @Test(arguments: ["", " ", " - ", "()", "+", "\u{A0}", "--/--", "#"])
    func emptyCells(_ text: String) {
        #expect(parser.parse(text, defaultRegion: "UY") == .failure(.empty))
    }

    @Test(arguments: ["N/A", "abc", "sin dato", "0", "x", "mail@example.com", "598+98344484"])
    func notANumber(_ text: String) {
        #expect(parser.parse(text, defaultRegion: "UY") == .failure(.notANumber))
    }

    @Test(arguments: [("+999 1234 5678", "UY"), ("+0 598 98344484", "UY"), ("098344484", "XX"), ("098344484", "001")])
    func invalidCountryCode(_ text: String, _ region: String) {
        #expect(parser.parse(text, defaultRegion: region) == .failure(.invalidCountryCode))
    }

    @Test(arguments: ["123", "12", "+598 9", "00598 1"])
    func tooShort(_ text: String) {
        #expect(parser.parse(text, defaultRegion: "UY") == .failure(.tooShort))
    }

    @Test(arguments: ["1234567890123456789012", "+598 98 344 484 98 344 484 98", String(repeating: "9", count: 251)])
    func tooLong(_ text: String) {
        #expect(parser.parse(text, defaultRegion: "UY") == .failure(.tooLong))
    }

    @Test(arguments: [("12345678", "UY"), ("6 1234 5678", "IT"), ("098 765 4321", "IN"), ("+52 1 55 1234 567", "MX")])
    func invalidNumber(_ text: String, _ region: String) {
        #expect(parser.parse(text, defaultRegion: region) == .failure(.invalidNumber))
    }
}
