import Testing
@Test func placeholderUContactSimulatorTests() { #expect(Bool(true)) }
