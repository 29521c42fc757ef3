import Foundation
import Testing

@testable import UContactSimulator

@Suite struct UploadValidationTests {
    private func fields(
        _ content: String,
        cant: String,
        campaign: String = "Ventas->",
        timezone: String? = nil
    ) -> [String: String] {
        var fields = [
            "filename": "base.txt",
            "fileb64": Data(content.utf8).base64EncodedString(),
            "campaign": campaign,
            "cant": cant,
            "username": "loader",
        ]
        fields["timezone"] = timezone
        return fields
    }

    @Test func acceptsTheSampleFile() throws {
        let upload = try UploadValidation.validate(fields: fields(sampleFile, cant: "2"), endpoint: .uploadBase)
        #expect(upload.content == Array(sampleFile.utf8))
        #expect(upload.cant == 2)
        #expect(upload.timezone == nil)
    }

    @Test func aFinalLineWithoutNewlineCountsToo() throws {
        let content = "Ventas->;099123456;;;;"
        let upload = try UploadValidation.validate(fields: fields(content, cant: "1"), endpoint: .uploadBase)
        #expect(upload.content.count == content.utf8.count)
    }

    @Test(
        arguments: [
            (sampleFile, "3", "cant is 3 but the file has 2 lines"),
            (sampleFile, "two", "cant is not a positive whole number"),
            ("Ventas->;1;;;;\n\nVentas->;2;;;;\n", "2", "line 2 is empty"),
            ("Ventas->;1;;;;\r\nVentas->;2;;;;\r\n", "2", "line 1 contains a carriage return"),
            ("Ventas->;1;;;;\nCobros->;2;;;;\n", "2", "line 2: first field is not the campaign form value"),
            ("Ventas->;1;;;\n", "1", "line 1 has 5 fields; expected 6"),
            ("Ventas->;1;;;;;\n", "1", "line 1 has 7 fields; expected 6"),
        ]
    )
    func rejectsBadFiles(content: String, cant: String, reason: String) {
        #expect {
            try UploadValidation.validate(fields: fields(content, cant: cant), endpoint: .uploadBase)
        } throws: { error in
            (error as? UploadRejection)?.reason.hasPrefix(reason) == true
        }
    }

    @Test(arguments: ["filename", "fileb64", "campaign", "cant", "username"])
    func everyFieldIsRequiredAndNonEmpty(name: String) {
        var missing = fields(sampleFile, cant: "2")
        missing[name] = nil
        #expect(throws: UploadRejection(reason: "missing form field '\(name)'")) {
            try UploadValidation.validate(fields: missing, endpoint: .uploadBase)
        }
        var empty = fields(sampleFile, cant: "2")
        empty[name] = ""
        #expect(throws: UploadRejection(reason: "form field '\(name)' is empty")) {
            try UploadValidation.validate(fields: empty, endpoint: .uploadBase)
        }
    }

    @Test func timezoneEndpointNeedsAKnownZone() throws {
        let ok = try UploadValidation.validate(
            fields: fields(sampleFile, cant: "2", timezone: "America/Montevideo"),
            endpoint: .uploadBaseWithTimezone
        )
        #expect(ok.timezone == "America/Montevideo")
        #expect(throws: UploadRejection(reason: "timezone is not a known IANA time zone")) {
            try UploadValidation.validate(
                fields: fields(sampleFile, cant: "2", timezone: "Mars/Olympus_Mons"),
                endpoint: .uploadBaseWithTimezone
            )
        }
        #expect(throws: UploadRejection(reason: "missing form field 'timezone'")) {
            try UploadValidation.validate(fields: fields(sampleFile, cant: "2"), endpoint: .uploadBaseWithTimezone)
        }
    }

    @Test func nonUTF8ContentIsRejected() {
        var latin1 = fields(sampleFile, cant: "1")
        latin1["fileb64"] = Data("Ventas->;1;nombre=Jos\u{E9};;;\n".data(using: .isoLatin1) ?? Data())
            .base64EncodedString()
        #expect(throws: UploadRejection(reason: "the decoded file is not valid UTF-8")) {
            try UploadValidation.validate(fields: latin1, endpoint: .uploadBase)
        }
    }

    @Test(arguments: ["QQ", "QQ=", "Q===", "QUJD RA==", "QU=D", "QUJD-A==", "QUJD_A==", "QUJDRA==\n"])
    func base64MustBeStandardAndPadded(text: String) {
        #expect(throws: UploadRejection.self) { try UploadValidation.decodeBase64(text) }
    }

    @Test(arguments: ["", "f", "fo", "foo", "foob", "fooba", "foobar", "José ~>?"])
    func base64RoundTrips(text: String) throws {
        let encoded = Data(text.utf8).base64EncodedString()
        #expect(try UploadValidation.decodeBase64(encoded) == Array(text.utf8))
    }

    /// Lengths around the vector decoder's steps (sixteen characters, stopping 24 before the end) and a
    /// chunk-sized one: the result is Foundation's.
    @Test func base64DecodesEveryLengthAsFoundationEncodes() throws {
        for length in Array(0...130) + [4095, 4096, 4097, 65_539] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ length &* 7 ^ $0 >> 3) }
            let encoded = Data(bytes).base64EncodedString()
            #expect(try UploadValidation.decodeBase64(encoded) == bytes, "length \(length)")
        }
    }

    /// A bad byte anywhere (inside a vector step, in the last groups) is reported at its own offset.
    @Test(arguments: ["!", "-", "_", "=", "\u{7F}", "."])
    func aBadByteIsReportedWhereItIs(bad: String) throws {
        let encoded = Array(Data((0..<96).map { UInt8(truncatingIfNeeded: $0 &* 37) }).base64EncodedString())
        let what = bad == "=" ? "has misplaced '=' padding" : "has a non-base64 character"
        for offset in 0..<encoded.count - 1 {
            var text = encoded
            text[offset] = Character(bad)
            #expect(throws: UploadRejection(reason: "fileb64 \(what) at offset \(offset)")) {
                try UploadValidation.decodeBase64(String(text))
            }
        }
    }
}
