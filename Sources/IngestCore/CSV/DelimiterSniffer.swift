/// Picks the delimiter of a CSV sample among `,` `;` TAB `|`: the one that splits the first lines
/// (outside quotes) into the same number of fields most consistently, the header counting most.
enum DelimiterSniffer {
    static let candidates: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]
    static let sampleLines = 50

    static func sniff(_ sample: ArraySlice<UInt8>) -> UInt8 {
        var counts: [[Int]] = []  // per line, per candidate
        var current = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var lineHasContent = false
        for byte in sample {
            if byte == 0x22 { inQuotes.toggle() }
            if !inQuotes, byte == 0x0A || byte == 0x0D {
                if lineHasContent { counts.append(current) }
                if counts.count >= sampleLines { break }
                current = [Int](repeating: 0, count: candidates.count)
                lineHasContent = false
                continue
            }
            lineHasContent = true
            if !inQuotes, let slot = candidates.firstIndex(of: byte) { current[slot] += 1 }
        }
        if lineHasContent, counts.count < sampleLines { counts.append(current) }
        guard let header = counts.first else { return candidates[0] }
        var best = candidates[0]
        var bestScore = -1.0
        for (slot, candidate) in candidates.enumerated() where header[slot] > 0 {
            let agreeing = counts.filter { $0[slot] == header[slot] }.count
            // Consistency first; then more fields; the candidate order breaks the remaining ties.
            let score = Double(agreeing) / Double(counts.count) * 1000 + Double(min(header[slot], 999))
            if score > bestScore {
                bestScore = score
                best = candidate
            }
        }
        return best
    }

    static func name(of delimiter: UInt8) -> String {
        switch delimiter {
        case 0x09: return "tab"
        default: return String(UnicodeScalar(delimiter))
        }
    }
}
