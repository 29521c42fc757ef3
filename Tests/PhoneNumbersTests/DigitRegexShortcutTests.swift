import Testing

@testable import PhoneNumbers

/// `DigitRegex` answers an input whose first digit no path can read without running: the answer must be the
/// run's, captures included, for patterns with optional groups, empty matches and end anchors.
@Suite struct DigitRegexShortcutTests {
    @Test(arguments: [
        "0?(?:(11|2(?:2(?:02?|[13])|3(?:02?|1[467]))|3(?:3(?:2[79]|6)))15)?", "0?(?:(11|2[2-4])15)?",
        "(?:0|90)?(\\d{3})$",
        "(\\d)?5", "1|(2)?", "0", "(?:00|(\\d))?", "([2-8])?\\d{2}$", "(?:1|(2))?$", "3?$",
    ])
    func shortcutAgreesWithARun(pattern: String) throws {
        let regex = try #require(DigitRegex(pattern))
        var random = SystemRandomNumberGenerator()
        for length in 0...14 {
            for _ in 0..<300 {
                let digits = (0..<length).map { _ in UInt8.random(in: 0...9, using: &random) }
                digits.withUnsafeBufferPointer { input in
                    var fast = DigitRegex.Captures(repeating: 0)
                    var slow = DigitRegex.Captures(repeating: 0)
                    let fastEnd = regex.match(input, captures: &fast)
                    let slowEnd = regex.matchByRunning(input, captures: &slow)
                    #expect(fastEnd == slowEnd, "\(pattern) on \(digits)")
                    #expect(fast == slow, "\(pattern) on \(digits)")
                }
            }
        }
    }
}
