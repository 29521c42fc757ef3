import Testing
@Test func placeholderPhoneNumbersTests() { #expect(Bool(true)) }
