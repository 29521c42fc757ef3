/// Why a form body could not be decoded; `reason` names fields, never their values.
struct FormDecodingError: Error, Equatable {
    let reason: String
}

/// Decodes `application/x-www-form-urlencoded` bodies as a Java servlet container does.
///
/// Pairs split on `&`, name and value on the first `=`; `+` becomes a space and `%XX` a byte; the bytes are UTF-8.
/// That is why an unescaped `+` inside base64 silently turns into a space on the real server.
enum FormDecoding {
    /// Decodes a form body into its fields; the first occurrence of a repeated name wins, as `getParameter` does.
    ///
    /// - Parameters:
    ///   - body: the raw request body.
    ///   - strict: also reject characters a careful encoder escapes, and repeated names.
    /// - Throws: ``FormDecodingError`` for a malformed escape, non-UTF-8 data or (strict) an unescaped character.
    static func decode(_ body: some Collection<UInt8>, strict: Bool) throws(FormDecodingError) -> [String: String] {
        try decode(bytes: Array(body), strict: strict)
    }

    /// The same over contiguous bytes: a request body (a `ByteBuffer` view) is copied once, then split fast.
    private static func decode(bytes body: [UInt8], strict: Bool) throws(FormDecodingError) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let separator = pair.firstIndex(of: UInt8(ascii: "="))
            let rawName = pair[..<(separator ?? pair.endIndex)]
            let rawValue = separator.map { pair[pair.index(after: $0)...] } ?? pair[pair.endIndex...]
            let name = try decodeComponent(rawName, field: nil, strict: strict)
            let value = try decodeComponent(rawValue, field: name, strict: strict)
            if fields[name] != nil {
                if strict { throw FormDecodingError(reason: "form field '\(name)' appears more than once") }
                continue
            }
            fields[name] = value
        }
        return fields
    }

    private static func decodeComponent(
        _ raw: some Collection<UInt8>,
        field: String?,
        strict: Bool
    ) throws(FormDecodingError) -> String {
        let place = field.map { "form field '\($0)'" } ?? "a form field name"
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index != raw.endIndex {
            let byte = raw[index]
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let high = raw.index(after: index)
                guard high != raw.endIndex, raw.index(after: high) != raw.endIndex,
                    let upper = hexValue(raw[high]), let lower = hexValue(raw[raw.index(after: high)])
                else {
                    throw FormDecodingError(reason: "\(place) has a malformed percent-escape")
                }
                bytes.append(upper << 4 | lower)
                index = raw.index(after: high)
            default:
                if strict && !isUnescapedSafe(byte) {
                    throw FormDecodingError(reason: "\(place) has an unescaped \(describe(byte)); percent-encode it")
                }
                bytes.append(byte)
            }
            index = raw.index(after: index)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FormDecodingError(reason: "\(place) is not valid UTF-8 after percent-decoding")
        }
        return text
    }

    /// Characters the WHATWG form serializer and RFC 3986 leave as they are (`+` and `%` are handled apart).
    private static func isUnescapedSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "*"):
            return true
        default:
            return false
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        if (0x21...0x7E).contains(byte) {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(byte < 0x10 ? "0" : "")\(hex)"
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
