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
}
