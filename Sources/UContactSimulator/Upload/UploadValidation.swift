import Foundation

/// Why an upload was refused: a short reason for a 400 body that names fields and lines, never values.
struct UploadRejection: Error, Equatable {
    let reason: String
}

/// An upload whose form and file passed every check.
struct ValidatedUpload: Sendable, Equatable {
    var endpoint: UploadEndpoint
    var filename: String
    var campaign: String
    var timezone: String?
    var cant: Int
    var username: String
    var content: [UInt8]
}

/// The checks uploadbase(withtimezone) applies to a decoded form.
enum UploadValidation {
    /// Fields of a record: campaign;number;vars;alternatives;priority;agentphone.
    static let fieldsPerLine = 6

    /// Checks the form fields and the file they carry.
    ///
    /// - Throws: ``UploadRejection`` with the first problem found.
    static func validate(
        fields: [String: String],
        endpoint: UploadEndpoint
    ) throws(UploadRejection) -> ValidatedUpload {
        for name in endpoint.requiredFields {
            guard let value = fields[name] else { throw UploadRejection(reason: "missing form field '\(name)'") }
            guard !value.isEmpty else { throw UploadRejection(reason: "form field '\(name)' is empty") }
        }
        let campaign = fields["campaign", default: ""]
        guard let cant = Int(fields["cant", default: ""]), cant > 0 else {
            throw UploadRejection(reason: "cant is not a positive whole number")
        }
        var timezone: String?
        if endpoint == .uploadBaseWithTimezone {
            let zone = fields["timezone", default: ""]
            guard TimeZone(identifier: zone) != nil else {
                throw UploadRejection(reason: "timezone is not a known IANA time zone")
            }
            timezone = zone
        }
        let content = try decodeBase64(fields["fileb64", default: ""])
        try checkRecords(content, campaign: campaign, cant: cant)
        return ValidatedUpload(
            endpoint: endpoint,
            filename: fields["filename", default: ""],
            campaign: campaign,
            timezone: timezone,
            cant: cant,
            username: fields["username", default: ""],
            content: content
        )
    }

    /// Decodes standard, padded base64 and nothing else (no line breaks, no URL-safe alphabet).
    static func decodeBase64(_ text: String) throws(UploadRejection) -> [UInt8] {
        let input = Array(text.utf8)
        if input.contains(UInt8(ascii: " ")) {
            throw UploadRejection(
                reason: "fileb64 contains a space: an unescaped '+' in the form body decodes to a space; send it as %2B"
            )
        }
        guard input.count % 4 == 0 else {
            throw UploadRejection(reason: "fileb64 length is not a multiple of 4 (padding missing or data cut)")
        }
        let padding = input.reversed().prefix(while: { $0 == UInt8(ascii: "=") }).count
        guard padding <= 2 else { throw UploadRejection(reason: "fileb64 has misplaced '=' padding") }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var accumulator: UInt32 = 0
        var badOffset: Int?
        input.withUnsafeBufferPointer { bytes in
            let body = bytes.count - padding
            var offset = 0
            while offset < body {
                let value = sextets[Int(bytes[offset])]
                if value == 0xFF {
                    badOffset = offset
                    return
                }
                accumulator = accumulator << 6 | UInt32(value)
                if offset & 3 == 3 {
                    output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                    output.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                    output.append(UInt8(truncatingIfNeeded: accumulator))
                    accumulator = 0
                }
                offset += 1
            }
        }
        if let offset = badOffset {
            let byte = input[offset]
            let what = byte == UInt8(ascii: "=") ? "has misplaced '=' padding" : "has a non-base64 character"
            throw UploadRejection(reason: "fileb64 \(what) at offset \(offset)")
        }
        switch padding {
        case 1:
            output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        case 2:
            output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        default:
            break
        }
        return output
    }

    /// Checks the decoded file: UTF-8, `\n`-separated records, `cant` of them, each with six fields and the campaign.
    static func checkRecords(_ content: [UInt8], campaign: String, cant: Int) throws(UploadRejection) {
        guard String(validating: content, as: UTF8.self) != nil else {
            throw UploadRejection(reason: "the decoded file is not valid UTF-8")
        }
        // Line ranges without `\n`; a final `\n` ends the last line rather than starting an empty one.
        var lines: [Range<Int>] = []
        var start = 0
        while start < content.count {
            let end = content[start...].firstIndex(of: 0x0A) ?? content.count
            lines.append(start..<end)
            start = end + 1
        }
        for (index, line) in lines.enumerated() {
            if line.isEmpty { throw UploadRejection(reason: "line \(index + 1) is empty") }
            if content[line].contains(0x0D) {
                throw UploadRejection(reason: "line \(index + 1) contains a carriage return; separate lines with \\n")
            }
        }
        guard lines.count == cant else {
            throw UploadRejection(reason: "cant is \(cant) but the file has \(lines.count) lines")
        }
        let expectedCampaign = Array(campaign.utf8)
        for (index, line) in lines.enumerated() {
            let fields = content[line].count(where: { $0 == 0x3B }) + 1
            guard fields == fieldsPerLine else {
                throw UploadRejection(
                    reason: "line \(index + 1) has \(fields) fields; expected \(fieldsPerLine) "
                        + "(campaign;number;vars;alternatives;priority;agentphone)"
                )
            }
            let first = content[line].firstIndex(of: 0x3B) ?? line.upperBound
            guard content[line.lowerBound..<first].elementsEqual(expectedCampaign) else {
                throw UploadRejection(reason: "line \(index + 1): first field is not the campaign form value")
            }
        }
    }

    /// Base64 alphabet values; 0xFF for every other byte.
    private static let sextets: [UInt8] = (0...255).map { byte in
        sextet(UInt8(byte)) ?? 0xFF
    }

    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
