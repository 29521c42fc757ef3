/// Whether bytes are valid UTF-8 (strict: no overlong forms, no surrogates, nothing above U+10FFFF), for the
/// form values and decoded file of every upload. The standard library's validation, not the client's check:
/// the simulator must not agree with the client because both run the same code.
enum UTF8Check {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        (try? UTF8Span(validating: bytes.span)) != nil
    }
}
