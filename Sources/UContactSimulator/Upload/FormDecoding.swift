import Foundation

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
        // A request body (a `ByteBuffer` view) is read in place; anything else is copied once.
        let inPlace = body.withContiguousStorageIfAvailable { bytes in
            Result { () throws(FormDecodingError) in try decode(bytes: bytes, strict: strict) }
        }
        if let inPlace { return try inPlace.get() }
        let copy = Array(body)
        let result = copy.withUnsafeBufferPointer { bytes in
            Result { () throws(FormDecodingError) in try decode(bytes: bytes, strict: strict) }
        }
        return try result.get()
    }

    /// The same over contiguous bytes, split fast.
    private static func decode(
        bytes: UnsafeBufferPointer<UInt8>, strict: Bool
    ) throws(FormDecodingError) -> [String: String] {
        var fields: [String: String] = [:]
        let safe = unescapedSafe
        var start = 0
        while start <= bytes.count {
            let end = Self.firstIndex(of: UInt8(ascii: "&"), in: bytes, from: start)
            defer { start = end + 1 }
            if end == start { continue }
            let pair = UnsafeBufferPointer(rebasing: bytes[start..<end])
            let separator = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.count
            let rawName = UnsafeBufferPointer(rebasing: pair[..<separator])
            let rawValue = UnsafeBufferPointer(rebasing: pair[min(separator + 1, pair.count)...])
            let name = try decodeComponent(rawName, field: nil, strict: strict, safe: safe)
            let value = try decodeComponent(rawValue, field: name, strict: strict, safe: safe)
            if fields[name] != nil {
                if strict { throw FormDecodingError(reason: "form field '\(name)' appears more than once") }
                continue
            }
            fields[name] = value
        }
        return fields
    }

    /// The first index of `byte` in `bytes` from `start` (`memchr`), or `bytes.count`.
    private static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress, start < bytes.count,
            let found = memchr(base + start, Int32(byte), bytes.count - start)
        else { return bytes.count }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    private static func decodeComponent(
        _ raw: UnsafeBufferPointer<UInt8>, field: String?, strict: Bool, safe: [Bool]
    ) throws(FormDecodingError) -> String {
        // Bytes copied as they are: the safe ones (any but `+` `%` when not strict).
        let plainTable = strict ? safe : Self.notEscape
        var failure: FormDecodingError?
        let text = String(unsafeUninitializedCapacity: raw.count) { output in
            plainTable.withUnsafeBufferPointer { plain in decode(raw, into: output, plain: plain) }
        }
        if let failure { throw failure }
        return text

        func decode(
            _ raw: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>,
            plain: UnsafeBufferPointer<Bool>
        ) -> Int {
            var written = 0
            var index = 0
            let count = raw.count
            while index < count {
                // A run of bytes that stay as they are is found first, then copied in one go.
                var runEnd = index
                while runEnd < count && plain[Int(raw[runEnd])] { runEnd += 1 }
                if runEnd > index, let source = raw.baseAddress, let target = output.baseAddress {
                    (target + written).update(from: source + index, count: runEnd - index)
                    written += runEnd - index
                    index = runEnd
                    continue
                }
                let byte = raw[index]
                switch byte {
                case UInt8(ascii: "+"):
                    output[written] = UInt8(ascii: " ")
                case UInt8(ascii: "%"):
                    guard index + 2 < count, let upper = hexValue(raw[index + 1]), let lower = hexValue(raw[index + 2])
                    else {
                        failure = FormDecodingError(reason: "\(place(field)) has a malformed percent-escape")
                        return 0
                    }
                    output[written] = upper << 4 | lower
                    index += 2
                default:
                    if strict && !safe[Int(byte)] {
                        failure = FormDecodingError(
                            reason: "\(place(field)) has an unescaped \(describe(byte)); percent-encode it")
                        return 0
                    }
                    output[written] = byte
                }
                written += 1
                index += 1
            }
            // Invalid UTF-8 is noticed below: the String would have repaired it.
            if !UTF8Check.isValid(UnsafeBufferPointer(rebasing: output[..<written])) {
                failure = FormDecodingError(reason: "\(place(field)) is not valid UTF-8 after percent-decoding")
                return 0
            }
            return written
        }
    }

    private static func place(_ field: String?) -> String {
        field.map { "form field '\($0)'" } ?? "a form field name"
    }

    /// Every byte but `+` and `%`.
    private static let notEscape: [Bool] = (0...255).map { $0 != 0x2B && $0 != 0x25 }

    /// `isUnescapedSafe` for every byte value, looked up in the decoding loop.
    private static let unescapedSafe: [Bool] = (0...255).map { isUnescapedSafe(UInt8($0)) }

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
