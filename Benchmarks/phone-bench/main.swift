import PhoneNumbers

// Debug mode: `phone-bench REGION TEXT...` prints each parse.
let arguments = CommandLine.arguments.dropFirst()
if arguments.count >= 2, let region = arguments.first {
    for text in arguments.dropFirst() {
        switch PhoneNumberParser.shared.parse(text, defaultRegion: region) {
        case .success(let number):
            print(
                text, number.regionCode, number.type.rawValue, number.formatted(.national), number.formatted(.e164),
                number.formatted(.international), number.timeZones)
        case .failure(let error):
            print(text, "error", error.rawValue)
        }
    }
}
