/// A formatting rule reduced to what digits-only output needs.
///
/// libphonenumber's format patterns are concatenations of `(\d{m,n})` groups, so whether one applies is a
/// length check, and Python's greedy backtracking splits the groups deterministically (see `groupEnds`).
struct NumberFormat: Sendable {
    /// Start state of the prefix DFA of the last `leading_digits_pattern`, if any.
    let leadingDigits: UInt32?
    let groupMin: [UInt8]
    let groupMax: [UInt8]
    let minLength: Int
    let maxLength: Int
    /// Output template: digits 0...9 literal, -1...-9 group references.
    let template: [Int8]

    func applies(to digits: UnsafeBufferPointer<UInt8>, automata: DigitAutomata) -> Bool {
        guard digits.count >= minLength, digits.count <= maxLength else { return false }
        guard let leadingDigits else { return true }
        return automata.prefixMatch(start: leadingDigits, digits)
    }

    /// Writes the template applied to `digits` as ASCII digits; returns the byte count.
    func render(_ digits: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        // Greedy split: each group takes as much as it can while leaving the later groups their minimum.
        var starts: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var remainingMin = minLength
        var position = 0
        withUnsafeMutableBytes(of: &starts) { raw in
            let bounds = raw.bindMemory(to: Int.self)
            for group in 0..<groupMin.count {
                remainingMin -= Int(groupMin[group])
                let take = min(Int(groupMax[group]), digits.count - position - remainingMin)
                bounds[group] = position
                position += take
            }
            bounds[groupMin.count] = position
        }
        var count = 0
        withUnsafeBytes(of: &starts) { raw in
            let bounds = raw.bindMemory(to: Int.self)
            for token in template {
                if token >= 0 {
                    out[count] = UInt8(token) &+ 48
                    count += 1
                } else {
                    let group = Int(-token) - 1
                    guard group < groupMin.count else { continue }
                    for i in bounds[group]..<bounds[group + 1] {
                        out[count] = digits[i] &+ 48
                        count += 1
                    }
                }
            }
        }
        return count
    }
}
