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
