import Testing

@testable import UContactSimulator

@Suite struct FormDecodingTests {
    @Test func plusBecomesSpaceAndEscapesDecode() throws {
        let fields = try FormDecoding.decode(Array("a=x+y&b=%2B%2F%3D&c=Jos%C3%A9".utf8), strict: true)
        #expect(fields == ["a": "x y", "b": "+/=", "c": "José"])
    }

    @Test func unescapedPlusInBase64TurnsIntoSpaceEvenWhenLenient() throws {
        let fields = try FormDecoding.decode(Array("fileb64=YWI+MDs7Owo".utf8), strict: false)
        #expect(fields["fileb64"] == "YWI MDs7Owo")
    }

    @Test(arguments: ["fileb64=ab/c", "fileb64=abc=", "campaign=Ventas->", "a=b;c"])
    func strictModeRejectsCharactersAClientShouldEscape(body: String) {
        #expect(throws: FormDecodingError.self) { try FormDecoding.decode(Array(body.utf8), strict: true) }
    }

    @Test func lenientModeKeepsThemAsTheServletDoes() throws {
        let fields = try FormDecoding.decode(Array("fileb64=ab/c==&campaign=Ventas->".utf8), strict: false)
        #expect(fields == ["fileb64": "ab/c==", "campaign": "Ventas->"])
    }

    @Test(arguments: ["a=%", "a=%4", "a=%G1", "a=%C3"])
    func malformedEscapesAndBadUTF8AreRejected(body: String) {
        #expect(throws: FormDecodingError.self) { try FormDecoding.decode(Array(body.utf8), strict: false) }
    }

    @Test func repeatedNameIsAnErrorWhenStrictAndFirstWinsWhenLenient() throws {
        let body = Array("cant=1&cant=2".utf8)
        #expect(throws: FormDecodingError.self) { try FormDecoding.decode(body, strict: true) }
        #expect(try FormDecoding.decode(body, strict: false) == ["cant": "1"])
    }

    @Test func reasonNamesTheFieldButNotItsValue() {
        #expect(throws: FormDecodingError(reason: "form field 'password' has an unescaped '/'; percent-encode it")) {
            try FormDecoding.decode(Array("password=top/secret".utf8), strict: true)
        }
    }

    /// Values of every length up to a few vector steps, escaped as a strict encoder does (`%XX` in either
    /// case, a space as `+`), decode to themselves, strict or not.
    @Test func longEscapedValuesDecodeToThemselves() throws {
        let alphabet = Array("aZ09-._~*+/= %&é€🙂".unicodeScalars)
        for length in 0...90 {
            let value = String(
                String.UnicodeScalarView((0..<length).map { alphabet[($0 &* 7 &+ length) % alphabet.count] }))
            var encoded = "v="
            for (index, byte) in value.utf8.enumerated() {
                let character = Character(Unicode.Scalar(byte))
                if byte < 0x80, character.isLetter || character.isNumber || "-._~*".contains(character) {
                    encoded.append(character)
                } else if byte == 0x20 {
                    encoded.append("+")
                } else {
                    let hex = String(byte, radix: 16, uppercase: index % 2 == 0)
                    encoded += "%" + (hex.count == 1 ? "0" : "") + hex
                }
            }
            for strict in [true, false] {
                #expect(try FormDecoding.decode(Array(encoded.utf8), strict: strict) == ["v": value], "\(length)")
            }
        }
    }

    /// What is wrong past the first sixteen bytes is still found and named.
    @Test(arguments: [
        ("v=ABCDEFGHIJKLMNOPQRSTUVWXYZ/abc", true, "form field 'v' has an unescaped '/'; percent-encode it"),
        ("v=ABCDEFGHIJKLMNOPQRSTUVWXYZabc%4", false, "form field 'v' has a malformed percent-escape"),
        (
            "v=ABCDEFGHIJKLMNOPQRSTUVWXYZ%G1abcdefghijklmnopqrstuvwxyz", true,
            "form field 'v' has a malformed percent-escape"
        ),
        (
            "v=ABCDEFGHIJKLMNOPQRSTUVWXYZ%C3abcdefghijklmnopqrstuvwxyz", false,
            "form field 'v' is not valid UTF-8 after percent-decoding"
        ),
    ])
    func errorsPastTheFirstVectorAreFound(body: String, strict: Bool, reason: String) {
        #expect(throws: FormDecodingError(reason: reason)) { try FormDecoding.decode(Array(body.utf8), strict: strict) }
    }
}
