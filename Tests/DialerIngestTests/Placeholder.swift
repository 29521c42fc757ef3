import Testing
@Test func placeholderDialerIngestTests() { #expect(Bool(true)) }
