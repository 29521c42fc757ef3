/// A pattern matched at the start of a number (international prefix, national prefix for parsing).
enum PrefixPattern: Sendable {
    /// The generator proved the language prefix-free, so the first accepting state is Python's match end.
    case automaton(UInt32)
    /// Capture groups or an ambiguous match end: Python's backtracking order decides.
    case regex(DigitRegex)

    /// Decodes `@id` (a DFA id, resolved by `dfaStart`) or regex source; nil when empty.
    init?(_ field: Substring, dfaStart: (Int) -> UInt32?) {
        if field.isEmpty { return nil }
        if field.first == "@" {
            guard let id = Int(field.dropFirst()), let start = dfaStart(id) else { return nil }
            self = .automaton(start)
        } else {
            guard let regex = DigitRegex(String(field)) else { return nil }
            self = .regex(regex)
        }
    }

    /// Python's `pattern.match(digits).end()`, or nil without a match.
    @inline(__always)
    func matchEnd(_ digits: UnsafeBufferPointer<UInt8>, automata: DigitAutomata) -> Int? {
        switch self {
        case .automaton(let start):
            return automata.prefixEnd(start: start, digits)
        case .regex(let regex):
            var captures = DigitRegex.Captures()
            return regex.match(digits, captures: &captures)
        }
    }
}
