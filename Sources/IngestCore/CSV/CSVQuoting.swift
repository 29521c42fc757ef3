/// A field written back as CSV: quoted when it holds the delimiter, a quote or a line break, its quotes
/// doubled. Runs between quotes are copied whole (the rejects write every rejected record this way).
enum CSVQuoting {
    static let quote: UInt8 = 0x22

    /// True when `field` must be quoted to stay one field.
    static func needsQuotes(_ field: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> Bool {
        guard let base = field.baseAddress else { return false }
        let end = field.count
        return ByteScan.firstIndex(of: delimiter, quote, 0x0A, in: base, from: 0, to: end) < end
            || ByteScan.firstIndex(of: 0x0D, 0x0D, 0x0D, in: base, from: 0, to: end) < end
    }

    /// Appends `field`, quoted if it needs to be.
    static func append(_ field: UnsafeBufferPointer<UInt8>, delimiter: UInt8, to out: GrowingBytes) {
        guard needsQuotes(field, delimiter: delimiter) else {
            out.append(field)
            return
        }
        out.append(quote)
        appendDoublingQuotes(field, to: out)
        out.append(quote)
    }

    /// Appends `field` with each quote doubled.
    static func appendDoublingQuotes(_ field: UnsafeBufferPointer<UInt8>, to out: GrowingBytes) {
        guard let base = field.baseAddress else { return }
        var start = 0
        while start < field.count {
            let next = ByteScan.firstIndex(of: quote, quote, quote, in: base, from: start, to: field.count)
            out.append(UnsafeBufferPointer(rebasing: field[start..<next]))
            guard next < field.count else { return }
            out.append(quote)
            out.append(quote)
            start = next + 1
        }
    }
}
