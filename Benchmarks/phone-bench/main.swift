import PhoneNumbers

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--file", arguments.count >= 3 {
    // `phone-bench --file NUMBERS.txt REGION`: one number a line, parsed and written as the normaliser does.
    try FileBench.run(path: arguments[1], region: arguments[2], rounds: 7)
} else if arguments.first == "--corpus", arguments.count >= 2 {
    try CorpusCheck.run(corpus: arguments[1], zonesPath: arguments.count > 2 ? arguments[2] : nil)
} else if arguments.count >= 2 {
    // Debug mode: `phone-bench REGION TEXT...` prints each parse.
    for text in arguments.dropFirst() {
        switch PhoneNumberParser.shared.parse(text, defaultRegion: arguments[0]) {
        case .success(let number):
            print(
                text, number.regionCode, number.type.rawValue, number.formatted(.national), number.formatted(.e164),
                number.formatted(.international), number.timeZones)
        case .failure(let error):
            print(text, "error", error.rawValue)
        }
    }
} else {
    let count = arguments.first.flatMap { Int($0) } ?? 1_000_000
    Bench.run(count: count, rounds: 5)
}
