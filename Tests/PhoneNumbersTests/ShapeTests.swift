import PhoneNumbers
import Testing

/// Messy shapes of real numbers, with the answers phonenumbers 9.0.43 gives.
@Suite struct ShapeTests {
    let parser = PhoneNumberParser.shared

    @Test(arguments: [
        "98344484", "+598 98 344 484", "00598 98344484", "(098) 344-484", "098.344.484", "098-344-484",
        "59898344484", "+59898344484", "  098 344 484  ", "Tel: 098 344 484", "tel:+598-98-344-484",
        "098\u{A0}344\u{A0}484", "098\u{2013}344\u{2013}484",
        "\u{FF10}\u{FF19}\u{FF18}\u{FF13}\u{FF14}\u{FF14}\u{FF14}\u{FF18}\u{FF14}",
        "+598 (0) 98 344 484", "+00598 98344484",
    ])
    func uruguayanMobile(_ text: String) throws {
        let number = try parser.parse(text, defaultRegion: "UY").get()
        #expect(number.countryCode == 598)
        #expect(number.nationalNumber == "98344484")
        #expect(number.regionCode == "UY")
        #expect(number.type == .mobile)
        #expect(number.extension == nil)
        #expect(number.formatted(.national) == "098344484")
        #expect(number.formatted(.e164) == "+59898344484")
        #expect(number.formatted(.international) == "59898344484")
        #expect(number.timeZones == ["America/Montevideo"])
    }

    struct Case: Sendable, CustomStringConvertible {
        let text: String
        let region: String
        let type: PhoneNumberType
        let regionCode: String
        let national: String
        let e164: String
        let international: String

        init(
            _ text: String, _ region: String, _ type: PhoneNumberType, _ regionCode: String, _ national: String,
            _ e164: String
        ) {
            self.text = text
            self.region = region
            self.type = type
            self.regionCode = regionCode
            self.national = national
            self.e164 = e164
            self.international = String(e164.dropFirst())
        }

        var description: String { "\(region) \(text)" }
    }

    @Test(arguments: [
        // Argentina: national prefix 0, mobile token 15 turned into 9 by the transform rule, and back.
        Case("011 15-2345-6789", "AR", .mobile, "AR", "0111523456789", "+5491123456789"),
        Case("+54 9 11 2345-6789", "AR", .mobile, "AR", "0111523456789", "+5491123456789"),
        Case("0351 15 523-4567", "AR", .mobile, "AR", "0351155234567", "+5493515234567"),
        Case("351 15 523 4567", "AR", .mobile, "AR", "0351155234567", "+5493515234567"),
        Case("+54 351 523 4567", "AR", .fixedLine, "AR", "03515234567", "+543515234567"),
        // Brazil: carrier selection code after the national prefix.
        Case("(11) 98765-4321", "BR", .mobile, "BR", "11987654321", "+5511987654321"),
        Case("0 21 11 98765-4321", "BR", .mobile, "BR", "11987654321", "+5511987654321"),
        Case("+55 11 3456 7890", "BR", .fixedLine, "BR", "1134567890", "+551134567890"),
        Case("9 6123 4567", "CL", .fixedLineOrMobile, "CL", "961234567", "+56961234567"),
        Case("(2) 2123 4567", "CL", .fixedLineOrMobile, "CL", "221234567", "+56221234567"),
        Case("310 123 4567", "CO", .mobile, "CO", "3101234567", "+573101234567"),
        Case("03 310 123 4567", "CO", .mobile, "CO", "3101234567", "+573101234567"),
        // Colombia's international prefix 009 wins over 00: "0099 1..." dials India.
        Case("0099 1 2025550123", "CO", .fixedLine, "IN", "02025550123", "+912025550123"),
        Case("55 1234 5678", "MX", .fixedLineOrMobile, "MX", "5512345678", "+525512345678"),
        Case("912 345 678", "PE", .mobile, "PE", "912345678", "+51912345678"),
        Case("(01) 234 5678", "PE", .fixedLine, "PE", "012345678", "+5112345678"),
        Case("612 34 56 78", "ES", .mobile, "ES", "612345678", "+34612345678"),
        Case("0034 612345678", "ES", .mobile, "ES", "612345678", "+34612345678"),
        Case("(202) 555-0123", "US", .fixedLineOrMobile, "US", "2025550123", "+12025550123"),
        Case("1-800-FLOWERS", "US", .tollFree, "US", "8003569377", "+18003569377"),
        // Shared calling codes: the region comes from the number, not the default region.
        Case("+1 416 555 0199", "US", .fixedLineOrMobile, "CA", "4165550199", "+14165550199"),
        Case("011 598 98 344 484", "US", .mobile, "UY", "098344484", "+59898344484"),
        Case("+44 1481 712345", "GB", .fixedLine, "GG", "01481712345", "+441481712345"),
        Case("+44 (0) 20 7946 0018", "GB", .fixedLine, "GB", "02079460018", "+442079460018"),
        Case("+49 151 23456789", "DE", .mobile, "DE", "015123456789", "+4915123456789"),
        Case("06 12 34 56 78", "FR", .mobile, "FR", "0612345678", "+33612345678"),
        // Italy keeps the leading zero in the national significant number.
        Case("06 1234 5678", "IT", .fixedLine, "IT", "0612345678", "+390612345678"),
        Case("+39 06 1234 5678", "IT", .fixedLine, "IT", "0612345678", "+390612345678"),
        Case("+91 98765 43210", "IN", .mobile, "IN", "09876543210", "+919876543210"),
        Case("+800 1234 5678", "UY", .tollFree, "001", "12345678", "+80012345678"),
    ])
    func agreesWithReference(_ c: Case) throws {
        let number = try parser.parse(c.text, defaultRegion: c.region).get()
        #expect(number.type == c.type)
        #expect(number.regionCode == c.regionCode)
        #expect(number.formatted(.national) == c.national)
        #expect(number.formatted(.e164) == c.e164)
        #expect(number.formatted(.international) == c.international)
    }

    @Test(arguments: [
        "098 344 484 ext. 12", "098 344 484 x12", "098 344 484;ext=12", "098344484,,12", "098 344 484#12",
    ])
    func extensionsFollowTheNumber(_ text: String) throws {
        let number = try parser.parse(text, defaultRegion: "UY").get()
        #expect(number.extension == "12")
        #expect(number.formatted(.e164) == "+59898344484")
        // libphonenumber's NATIONAL and INTERNATIONAL formats append the extension.
        #expect(number.formatted(.national) == "09834448412")
        #expect(number.formatted(.international) == "5989834448412")
    }

    /// Extensions are kept packed four bits a digit: the longest (20 digits), one across the 16-digit word, and
    /// other scripts' digits all come back as ASCII.
    @Test(arguments: [
        ("098 344 484;ext=12345678901234567890", "12345678901234567890"),
        ("098 344 484 ext. 01234567890123456", "01234567890123456"),
        ("098 344 484 ext. \u{0661}\u{0662}", "12"),
    ])
    func longExtensionsSurviveThePacking(_ text: String, _ digits: String) throws {
        let number = try parser.parse(text, defaultRegion: "UY").get()
        #expect(number.extension == digits)
        #expect(number.formatted(.national) == "098344484" + digits)
        #expect(number.formatted(.e164) == "+59898344484")
    }
}
