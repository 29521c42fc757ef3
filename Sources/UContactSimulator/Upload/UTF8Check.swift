import CHotPath

/// Whether bytes are valid UTF-8 (strict: no overlong forms, no surrogates, nothing above U+10FFFF), for the
/// multi-megabyte form value and decoded file of every upload: with SSSE3 sixteen bytes a step
/// (`hotpath_utf8_check`, the client's record check), else the standard library's validation.
enum UTF8Check {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        #if arch(x86_64)
            if let base = bytes.baseAddress {
                let verdict = hotpath_utf8_check(base, bytes.count)
                if verdict >= 0 { return verdict < 2 }
            }
        #endif
        return String(validating: bytes, as: UTF8.self) != nil
    }
}
