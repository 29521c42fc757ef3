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
        var text = text
        // The form value's own UTF-8 storage, read in place (a multi-megabyte field is not copied again).
        let result = text.withUTF8 { input in Result { () throws(UploadRejection) in try decodeBase64(bytes: input) } }
        return try result.get()
    }

    private static func decodeBase64(bytes input: UnsafeBufferPointer<UInt8>) throws(UploadRejection) -> [UInt8] {
        if let base = input.baseAddress, memchr(base, Int32(UInt8(ascii: " ")), input.count) != nil {
            throw UploadRejection(
                reason: "fileb64 contains a space: an unescaped '+' in the form body decodes to a space; send it as %2B"
            )
        }
        guard input.count % 4 == 0 else {
            throw UploadRejection(reason: "fileb64 length is not a multiple of 4 (padding missing or data cut)")
        }
        let padding = input.reversed().prefix(while: { $0 == UInt8(ascii: "=") }).count
        guard padding <= 2 else { throw UploadRejection(reason: "fileb64 has misplaced '=' padding") }
        var badOffset: Int?
        let table = sextets
        let body = input.count - padding
        var output = [UInt8](unsafeUninitializedCapacity: input.count / 4 * 3 + 2) { out, written in
            table.withUnsafeBufferPointer { sextet in
                guard let source = input.baseAddress, let target = out.baseAddress else { return }
                // Whole groups of four: one check per group (an invalid byte's value has its top bit set).
                let groups = body / 4
                for group in 0..<groups {
                    let at = source + group * 4
                    let a = sextet[Int(at[0])]
                    let b = sextet[Int(at[1])]
                    let c = sextet[Int(at[2])]
                    let d = sextet[Int(at[3])]
                    if (a | b | c | d) & 0x80 != 0 {
                        badOffset = group * 4 + ([a, b, c, d].firstIndex(of: 0xFF) ?? 0)
                        return
                    }
                    let value = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    target[written] = UInt8(truncatingIfNeeded: value >> 16)
                    target[written + 1] = UInt8(truncatingIfNeeded: value >> 8)
                    target[written + 2] = UInt8(truncatingIfNeeded: value)
                    written += 3
                }
                for offset in (groups * 4)..<body where sextet[Int(source[offset])] == 0xFF {
                    badOffset = offset
                    return
                }
            }
        }
        // The partial group before the padding.
        var accumulator: UInt32 = 0
        for offset in (body - body % 4)..<body where badOffset == nil {
            accumulator = accumulator << 6 | UInt32(table[Int(input[offset])])
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
        // Validated in place (a String would copy the whole file).
        guard content.withUnsafeBufferPointer({ UTF8Check.isValid($0) }) else {
            throw UploadRejection(reason: "the decoded file is not valid UTF-8")
        }
        // One pass: lines end at `\n` (a final `\n` ends the last line rather than starting an empty one);
        // each must be non-empty, free of CR, have six fields and start with the campaign. The first problem
        // in line order is reported, but a count mismatch is reported before field problems, as the checks
        // were specified.
        let expectedCampaign = Array(campaign.utf8)
        var lineCount = 0
        var fieldProblem: UploadRejection?
        var shapeProblem: UploadRejection?
        content.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            var start = 0
            while start < bytes.count {
                lineCount += 1
                let line = lineCount
                let shape = scanLine(bytes, from: start)
                let (end, separators, firstSeparator) = (shape.end, shape.separators, shape.firstSeparator)
                let carriageReturn = shape.carriageReturn
                if shapeProblem == nil {
                    if end == start {
                        shapeProblem = UploadRejection(reason: "line \(line) is empty")
                    } else if carriageReturn {
                        shapeProblem = UploadRejection(
                            reason: "line \(line) contains a carriage return; separate lines with \\n")
                    }
                }
                if fieldProblem == nil {
                    if separators + 1 != fieldsPerLine {
                        fieldProblem = UploadRejection(
                            reason: "line \(line) has \(separators + 1) fields; expected \(fieldsPerLine) "
                                + "(campaign;number;vars;alternatives;priority;agentphone)"
                        )
                    } else {
                        let campaignEnd = firstSeparator < 0 ? end : firstSeparator
                        let matches =
                            campaignEnd - start == expectedCampaign.count
                            && memcmp(base + start, expectedCampaign, expectedCampaign.count) == 0
                        if !matches {
                            fieldProblem = UploadRejection(
                                reason: "line \(line): first field is not the campaign form value")
                        }
                    }
                }
                start = end + 1
            }
        }
        if let shapeProblem { throw shapeProblem }
        guard lineCount == cant else {
            throw UploadRejection(reason: "cant is \(cant) but the file has \(lineCount) lines")
        }
        if let fieldProblem { throw fieldProblem }
    }

    /// A line of the decoded file: the index of its LF (the buffer's end when none), its `;`, the index of the
    /// first (-1: none), and whether it holds a CR.
    struct LineShape: Equatable {
        var end: Int
        var separators: Int
        var firstSeparator: Int
        var carriageReturn: Bool
    }

    /// The line starting at `start`, one byte at a time: the simulator is the strict server the client is
    /// tested against, so it shares none of the client's fast paths and takes none of its own.
    static func scanLine(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> LineShape {
        var shape = LineShape(end: bytes.count, separators: 0, firstSeparator: -1, carriageReturn: false)
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A:
                shape.end = index
                return shape
            case 0x3B:
                if shape.firstSeparator < 0 { shape.firstSeparator = index }
                shape.separators += 1
            case 0x0D:
                shape.carriageReturn = true
            default:
                break
            }
            index += 1
        }
        return shape
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
