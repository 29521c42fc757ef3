import Testing

@testable import PhoneNumbers

@Suite struct ParserAPITests {
    let parser = PhoneNumberParser.shared

    @Test func supportedRegions() {
        #expect(parser.supportedRegions.count == 245)
        #expect(parser.supportedRegions == parser.supportedRegions.sorted())
        for region in ["UY", "AR", "BR", "CL", "CO", "MX", "PE", "ES", "US", "GB", "DE", "FR", "IT", "IN", "uy"] {
            #expect(parser.isSupportedRegion(region), "\(region)")
        }
        for region in ["XX", "ZZ", "001", "", "URY"] {
            #expect(!parser.isSupportedRegion(region), "\(region)")
        }
    }

    @Test(arguments: ["+598 98 344 484", "098 344 484 ext. 12", "N/A", "\u{FF10}98344484", "9.83E+07", ""])
    func utf8FastPathHasTheSameSemantics(_ text: String) {
        let viaBytes = Array(text.utf8).withUnsafeBytes { parser.parse(utf8: $0, defaultRegion: "UY") }
        #expect(viaBytes == parser.parse(text, defaultRegion: "UY"))
        for region in ["UY", "uy", "AR", "XX"] {
            let handle = parser.defaultRegion(region)
            let viaHandle = Array(text.utf8).withUnsafeBytes { parser.parse(utf8: $0, region: handle) }
            #expect(viaHandle == parser.parse(text, defaultRegion: region), "\(region)")
        }
    }

    @Test func writeIntoCallerBuffer() throws {
        let number = try parser.parse("+54 9 11 2345-6789", defaultRegion: "AR").get()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 1)
        defer { buffer.deallocate() }
        for format in PhoneFormat.allCases {
            let count = try #require(number.write(format, into: buffer))
            #expect(String(decoding: buffer[..<count], as: UTF8.self) == number.formatted(format))
        }
        let small = UnsafeMutableRawBufferPointer.allocate(byteCount: 8, alignment: 1)
        defer { small.deallocate() }
        #expect(number.write(.e164, into: small) == nil)
    }

    @Test func equalNumbersFromDifferentShapes() throws {
        let a = try parser.parse("+598 98 344 484", defaultRegion: "AR").get()
        let b = try parser.parse("098344484", defaultRegion: "UY").get()
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
    }

    @Test(arguments: [
        ("+598 98 344 484", "UY", ["America/Montevideo"]),
        ("+34 612 34 56 78", "ES", ["Atlantic/Canary", "Europe/Madrid"]),
        // Non-geographic types get the calling code's zones; unknown ones "Etc/Unknown".
        ("+800 1234 5678", "UY", ["Etc/Unknown"]),
        ("+44 7911 123456", "GB", ["Europe/Guernsey", "Europe/Isle_of_Man", "Europe/Jersey", "Europe/London"]),
        ("+55 11 98765 4321", "BR", ["America/Sao_Paulo"]),
    ])
    func timeZones(_ text: String, _ region: String, _ zones: [String]) throws {
        #expect(try parser.parse(text, defaultRegion: region).get().timeZones == zones)
    }
}

@Suite struct ConcurrencyTests {
    @Test func parsesFromManyTasksAtOnce() async {
        let inputs = ["+598 98 344 484", "011 15-2345-6789", "(11) 98765-4321", "N/A", "9.83E+07", "612 34 56 78"]
        let regions = ["UY", "AR", "BR", "UY", "UY", "ES"]
        let expected = zip(inputs, regions).map { PhoneNumberParser.shared.parse($0, defaultRegion: $1) }
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<500 {
                        for (i, text) in inputs.enumerated()
                        where PhoneNumberParser.shared.parse(text, defaultRegion: regions[i]) != expected[i] {
                            return false
                        }
                    }
                    return true
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 8))
    }

    /// National numbers of up to 16 digits are written from their packed digits, longer ones from the
    /// integer; both keep leading zeros.
    @Test(arguments: ["0", "0123", "9876543210", "0000000000000001", "1234567890123456", "01234567890123456"])
    func nationalDigitsSurviveThePacking(_ digits: String) {
        let values = digits.utf8.map { $0 - 48 }
        let number = values.withUnsafeBufferPointer {
            PhoneNumber(countryCode: 598, national: $0, regionIndex: 0, type: .unknown)
        }
        #expect(number.nationalNumber == digits)
        #expect(number.formatted(.e164) == "+598" + digits)
    }
}

/// `DigitRegex` answers an input whose first digit no path can read without running: the answer must be the
/// run's, captures included, for patterns with optional groups, empty matches and end anchors.
@Suite struct DigitRegexShortcutTests {
    @Test(arguments: [
        "0?(?:(11|2(?:2(?:02?|[13])|3(?:02?|1[467]))|3(?:3(?:2[79]|6)))15)?", "0?(?:(11|2[2-4])15)?",
        "(?:0|90)?(\\d{3})$",
        "(\\d)?5", "1|(2)?", "0", "(?:00|(\\d))?", "([2-8])?\\d{2}$", "(?:1|(2))?$", "3?$",
    ])
    func shortcutAgreesWithARun(pattern: String) throws {
        let regex = try #require(DigitRegex(pattern))
        var random = SystemRandomNumberGenerator()
        for length in 0...14 {
            for _ in 0..<300 {
                let digits = (0..<length).map { _ in UInt8.random(in: 0...9, using: &random) }
                digits.withUnsafeBufferPointer { input in
                    var fast = DigitRegex.Captures(repeating: 0)
                    var slow = DigitRegex.Captures(repeating: 0)
                    let fastEnd = regex.match(input, captures: &fast)
                    let slowEnd = regex.matchByRunning(input, captures: &slow)
                    #expect(fastEnd == slowEnd, "\(pattern) on \(digits)")
                    #expect(fast == slow, "\(pattern) on \(digits)")
                }
            }
        }
    }
}
