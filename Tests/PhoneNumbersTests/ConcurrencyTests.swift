import Testing

@testable import PhoneNumbers

@Suite struct ConcurrencyTests {
    @Test func parsesFromManyTasksAtOnce() async {
        let inputs = ["+598 98 344 484", "011 15-2345-6789", "(11) 98765-4321", "N/A", "9.83E+07", "612 34 56 78"]
        let regions = ["UY", "AR", "BR", "UY", "UY", "ES"]
        let expected = zip(inputs, regions).map { PhoneNumberParser.shared.parse($0, defaultRegion: $1) }
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<500 {
                        for (i, text) in inputs.enumerated()
                        where PhoneNumberParser.shared.parse(text, defaultRegion: regions[i]) != expected[i] {
                            return false
                        }
                    }
                    return true
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 8))
    }

    /// National numbers of up to 16 digits are written from their packed digits, longer ones from the
    /// integer; both keep leading zeros.
    @Test(arguments: ["0", "0123", "9876543210", "0000000000000001", "1234567890123456", "01234567890123456"])
    func nationalDigitsSurviveThePacking(_ digits: String) {
        let values = digits.utf8.map { $0 - 48 }
        let number = values.withUnsafeBufferPointer {
            PhoneNumber(countryCode: 598, national: $0, regionIndex: 0, type: .unknown)
        }
        #expect(number.nationalNumber == digits)
        #expect(number.formatted(.e164) == "+598" + digits)
    }
}
