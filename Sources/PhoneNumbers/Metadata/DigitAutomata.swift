/// Every DFA of the metadata in one transition table over digits 0-9.
///
/// State 0 is the shared dead state. Walks read digits as values 0...9 (not ASCII) and never allocate.
struct DigitAutomata: @unchecked Sendable {
    // @unchecked: the buffers are written once while loading and only read afterwards; the metadata that
    // owns them is a process-lifetime singleton, so they are never freed.
    private let transitions: UnsafeMutableBufferPointer<UInt32>
    private let labels: UnsafeMutableBufferPointer<UInt16>

    init(transitions: [UInt32], labels: [UInt16]) {
        let t = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: transitions.count)
        _ = t.initialize(from: transitions)
        let l = UnsafeMutableBufferPointer<UInt16>.allocate(capacity: labels.count)
        _ = l.initialize(from: labels)
        self.transitions = t
        self.labels = l
    }

    /// The label bits of the state reached after reading all of `digits` (0 when rejected).
    @inline(__always)
    func fullMatch(start: UInt32, _ digits: UnsafeBufferPointer<UInt8>) -> UInt16 {
        var state = Int(start)
        for digit in digits {
            state = Int(transitions[state &* 10 &+ Int(digit)])
            if state == 0 { return 0 }
        }
        return labels[state]
    }

    /// Length of the shortest accepted prefix of `digits`, or nil.
    @inline(__always)
    func prefixEnd(start: UInt32, _ digits: UnsafeBufferPointer<UInt8>) -> Int? {
        var state = Int(start)
        var position = 0
        while labels[state] == 0 {
            guard position < digits.count else { return nil }
            state = Int(transitions[state &* 10 &+ Int(digits[position])])
            if state == 0 { return nil }
            position += 1
        }
        return position
    }

    /// True when some prefix of `digits` is accepted (Python's `re.match`); accepting states are absorbing.
    @inline(__always)
    func prefixMatch(start: UInt32, _ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        var state = Int(start)
        if labels[state] != 0 { return true }
        for digit in digits {
            state = Int(transitions[state &* 10 &+ Int(digit)])
            if state == 0 { return false }
            if labels[state] != 0 { return true }
        }
        return false
    }
}
