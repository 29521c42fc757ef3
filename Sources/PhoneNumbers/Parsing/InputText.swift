/// The input as Unicode scalars with libphonenumber's text-level steps (`_extract_possible_number`,
/// `_is_viable_phone_number`, `_maybe_strip_extension`, `_normalize`) as index arithmetic, no allocation.
///
/// Generic over the code unit so ASCII input is read in place as bytes; other input is decoded to UInt32.
struct InputText<Unit: FixedWidthInteger & UnsignedInteger> {
    let units: UnsafeBufferPointer<Unit>

    var count: Int { units.count }

    @inline(__always)
    subscript(_ i: Int) -> UInt32 { UInt32(truncatingIfNeeded: units[i]) }

    /// `_build_national_number_for_parsing` without a `;phone-context=` (see `rearrangedForPhoneContext`):
    /// `_extract_possible_number`, then without any `;isub=` part.
    func nationalNumberForParsing() -> Range<Int> {
        var range = extractPossibleNumber()
        if let isdn = find(RFC3966.isdnSubaddress, in: range), isdn > range.lowerBound {
            range = range.lowerBound..<isdn
        }
        return range
    }

    /// Whether the RFC 3966 path applies.
    var hasPhoneContext: Bool { find(RFC3966.phoneContext, in: 0..<count) != nil }

    /// `_build_national_number_for_parsing` with a `;phone-context=`: the context (when it is a global
    /// number) followed by what sits between `tel:` and the context, written into `spare`, then without any
    /// `;isub=` part. Nil when the context is invalid.
    func rearrangedForPhoneContext(spare: UnsafeMutableBufferPointer<UInt32>) -> Int? {
        guard let marker = find(RFC3966.phoneContext, in: 0..<count) else { return nil }
        let contextStart = marker + RFC3966.phoneContext.count
        var contextEnd = contextStart
        while contextEnd < count, self[contextEnd] != 0x3B { contextEnd += 1 }
        let context = contextStart..<contextEnd
        guard isGlobalNumberDigits(context) || isDomainName(context) else { return nil }
        var n = 0
        if Scalars.isPlus(self[context.lowerBound]) {
            for i in context {
                spare[n] = self[i]
                n += 1
            }
        }
        let tel = find(RFC3966.telPrefix, in: 0..<count).map { $0 + RFC3966.telPrefix.count } ?? 0
        if tel < marker {
            for i in tel..<marker {
                spare[n] = self[i]
                n += 1
            }
        }
        let composed = InputText<UInt32>(units: UnsafeBufferPointer(rebasing: spare[..<n]))
        if let isdn = composed.find(RFC3966.isdnSubaddress, in: 0..<n), isdn > 0 { return isdn }
        return n
    }

    /// First index of `needle` in `range` (case-sensitive, as Python's `str.find`).
    func find(_ needle: [UInt32], in range: Range<Int>) -> Int? {
        guard let first = needle.first, range.count >= needle.count else { return nil }
        var i = range.lowerBound
        while i + needle.count <= range.upperBound {
            if self[i] == first {
                var j = 1
                while j < needle.count, self[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// `^\+(\d|[\-\.\(\)]?)*\d(\d|[\-\.\(\)]?)*$`
    private func isGlobalNumberDigits(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty, self[range.lowerBound] == 0x2B else { return false }
        var digits = 0
        for i in range.dropFirst() {
            let c = self[i]
            if Scalars.isDigit(c) {
                digits += 1
            } else if !(c == 0x2D || c == 0x2E || c == 0x28 || c == 0x29) {
                return false
            }
        }
        return digits > 0
    }

    /// `^([alnum]+((\-)*[alnum])*\.)*[alpha]+((\-)*[alnum])*\.?$` with alnum = ASCII letters and digits.
    private func isDomainName(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        var end = range.upperBound
        if self[end - 1] == 0x2E { end -= 1 }
        var labelStart = range.lowerBound
        var i = range.lowerBound
        while true {
            if i == end || self[i] == 0x2E {
                let label = labelStart..<i
                guard !label.isEmpty else { return false }
                let first = self[label.lowerBound]
                let last = self[label.upperBound - 1]
                guard isDomainCharacter(first), isDomainCharacter(last) else { return false }
                for j in label where !(isDomainCharacter(self[j]) || self[j] == 0x2D) { return false }
                if i == end { return Scalars.isASCIILetter(first) }
                labelStart = i + 1
            }
            i += 1
        }
    }

    private func isDomainCharacter(_ c: UInt32) -> Bool { Scalars.isASCIILetter(c) || Scalars.isDigit(c) }

    /// `_extract_possible_number`: from the first `+` or digit, minus trailing non-word characters and any
    /// second number after `/x` or `\x`.
    func extractPossibleNumber() -> Range<Int> {
        var start = 0
        while start < count, !Scalars.isPlus(self[start]), !Scalars.isDigit(self[start]) { start += 1 }
        guard start < count else { return 0..<0 }
        var end = count
        // `(?:_|[^#\w])+$`
        while end > start,
            self[end - 1] == 0x5F || (self[end - 1] != 0x23 && !Scalars.isWordCharacter(self[end - 1]))
        {
            end -= 1
        }
        // `[\\/] *x`
        var i = start
        while i < end {
            if self[i] == 0x5C || self[i] == 0x2F {
                var j = i + 1
                while j < end, self[j] == 0x20 { j += 1 }
                if j < end, self[j] == 0x78 {
                    end = i
                    break
                }
            }
            i += 1
        }
        return start..<end
    }

    /// `_is_viable_phone_number`: a full match of `_VALID_PHONE_NUMBER_PATTERN`.
    func isViable(_ range: Range<Int>) -> Bool {
        guard range.count >= 2 else { return false }
        if range.count == 2, Scalars.isDigit(self[range.lowerBound]),
            Scalars.isDigit(self[range.lowerBound + 1])
        {
            return true
        }
        var i = range.lowerBound
        while i < range.upperBound, Scalars.isPlus(self[i]) { i += 1 }
        // `(?:[P*]*\d){3,}`: three digits among punctuation and stars.
        var digits = 0
        while i < range.upperBound, digits < 3 {
            let c = self[i]
            if Scalars.isDigit(c) {
                digits += 1
            } else if !(Scalars.isPunctuation(c) || c == 0x2A) {
                return false
            }
            i += 1
        }
        guard digits == 3 else { return false }
        // `[P*A\d]*` then an optional extension.
        var j = i
        while j < range.upperBound {
            let c = self[j]
            guard Scalars.isDigit(c) || Scalars.isPunctuation(c) || c == 0x2A || Scalars.isASCIILetter(c) else { break }
            j += 1
        }
        if j == range.upperBound { return true }
        var split = i
        while split <= j {
            if extensionDigits(split..<range.upperBound) != nil { return true }
            split += 1
        }
        return false
    }

    /// `_maybe_strip_extension`: the number without a trailing extension, when what precedes it is viable.
    func stripExtension(_ range: Range<Int>) -> (number: Range<Int>, extension: Range<Int>?) {
        guard mayHaveExtension(range) else { return (range, nil) }
        for start in range {
            if let digits = extensionDigits(start..<range.upperBound) {
                if isViable(range.lowerBound..<start) { return (range.lowerBound..<start, digits) }
                return (range, nil)
            }
        }
        return (range, nil)
    }

    /// Cheap filter: every extension form needs a label letter or one of `# ; , ~` (or a non-ASCII label).
    private func mayHaveExtension(_ range: Range<Int>) -> Bool {
        for i in range {
            let c = self[i]
            if c >= 0x80 || Scalars.isASCIILetter(c) || c == 0x23 || c == 0x3B || c == 0x2C || c == 0x7E {
                return true
            }
        }
        return false
    }

    /// A full match of `_EXTN_PATTERNS_FOR_PARSING` on `range`; returns the extension digits.
    func extensionDigits(_ range: Range<Int>) -> Range<Int>? {
        var end = range.upperBound
        let hashEnd = end > range.lowerBound && self[end - 1] == 0x23
        if hashEnd { end -= 1 }
        var digitsStart = end
        while digitsStart > range.lowerBound, Scalars.isDigit(self[digitsStart - 1]) { digitsStart -= 1 }
        let digitCount = end - digitsStart
        guard digitCount > 0 else { return nil }
        let head = range.lowerBound..<digitsStart
        let digits = digitsStart..<end
        // `;ext=\d{1,20}`
        if !hashEnd, digitCount <= 20, matchesWord([0x3B, 0x65, 0x78, 0x74, 0x3D], head) { return digits }
        // Explicit labels, up to 20 digits.
        if digitCount <= 20, matchesLabelled(head, separators: { Self.isSeparator($0) }, label: explicitLabelEnds) {
            return digits
        }
        // Ambiguous labels, up to 9 digits.
        if digitCount <= 9, matchesLabelled(head, separators: { Self.isSeparator($0) }, label: ambiguousLabelEnds) {
            return digits
        }
        // American `- 503#`.
        if hashEnd, digitCount <= 6, !head.isEmpty, head.allSatisfy({ self[$0] == 0x2D || self[$0] == 0x20 }) {
            return digits
        }
        // Auto-dialling `,,` or `;`, up to 15 digits.
        if digitCount <= 15,
            matchesLabelled(
                head, separators: { Self.isBlank($0) },
                label: { start in
                    if start < head.upperBound, self[start] == 0x3B { return [start + 1] }
                    if start + 1 < head.upperBound, self[start] == 0x2C, self[start + 1] == 0x2C {
                        return [start + 2]
                    }
                    return []
                })
        {
            return digits
        }
        // Only commas, up to 9 digits.
        if digitCount <= 9,
            matchesLabelled(
                head, separators: { Self.isBlank($0) },
                label: { start in
                    var i = start
                    var ends: [Int] = []
                    while i < head.upperBound, self[i] == 0x2C {
                        i += 1
                        ends.append(i)
                    }
                    return ends
                })
        {
            return digits
        }
        return nil
    }

    /// `[ \u00A0\t,]`
    private static func isSeparator(_ c: UInt32) -> Bool { c == 0x20 || c == 0xA0 || c == 0x09 || c == 0x2C }
    /// `[ \u00A0\t]`
    private static func isBlank(_ c: UInt32) -> Bool { c == 0x20 || c == 0xA0 || c == 0x09 }

    /// `separators* label [:\.．]? [ \u00A0\t,-]*` spanning exactly `head`.
    private func matchesLabelled(
        _ head: Range<Int>, separators: (UInt32) -> Bool, label: (Int) -> [Int]
    ) -> Bool {
        var i = head.lowerBound
        while i < head.upperBound, separators(self[i]) { i += 1 }
        for labelEnd in label(i) {
            var j = labelEnd
            if j < head.upperBound, self[j] == 0x3A || self[j] == 0x2E || self[j] == 0xFF0E { j += 1 }
            while j < head.upperBound, Self.isSeparator(self[j]) || self[j] == 0x2D { j += 1 }
            if j == head.upperBound { return true }
        }
        return false
    }

    private func matchesWord(_ word: [UInt32], _ range: Range<Int>) -> Bool {
        guard range.count == word.count else { return false }
        for (offset, c) in word.enumerated() where Scalars.lowercased(self[range.lowerBound + offset]) != c {
            return false
        }
        return true
    }

    /// Ends of `e?xt(?:ensi(?:o\u0301?|ó))?n?|ｅ?ｘｔｎ?|доб|anexo` starting at `start` (case-insensitive).
    private func explicitLabelEnds(_ start: Int) -> [Int] {
        var ends: [Int] = []
        func at(_ i: Int) -> UInt32? { i < count ? Scalars.lowercased(self[i]) : nil }
        func optional(_ i: Int, _ c: UInt32) -> [Int] { at(i) == c ? [i, i + 1] : [i] }
        // e?xt(ensi(o\u0301?|ó))?n?
        for i in optional(start, 0x65) where at(i) == 0x78 && at(i + 1) == 0x74 {
            let afterXT = i + 2
            var stems = [afterXT]
            if at(afterXT) == 0x65, at(afterXT + 1) == 0x6E, at(afterXT + 2) == 0x73, at(afterXT + 3) == 0x69 {
                let o = afterXT + 4
                if at(o) == 0x6F {
                    stems += optional(o + 1, 0x301)
                }
                if at(o) == 0xF3 { stems.append(o + 1) }
            }
            for stem in stems { ends += optional(stem, 0x6E) }
        }
        // ｅ?ｘｔｎ?
        for i in optional(start, 0xFF45) where at(i) == 0xFF58 && at(i + 1) == 0xFF54 {
            ends += optional(i + 2, 0xFF4E)
        }
        if at(start) == 0x434, at(start + 1) == 0x43E, at(start + 2) == 0x431 { ends.append(start + 3) }
        if at(start) == 0x61, at(start + 1) == 0x6E, at(start + 2) == 0x65, at(start + 3) == 0x78,
            at(start + 4) == 0x6F
        {
            ends.append(start + 5)
        }
        return ends
    }

    /// Ends of `[xｘ#＃~～]|int|ｉｎｔ` starting at `start` (case-insensitive).
    private func ambiguousLabelEnds(_ start: Int) -> [Int] {
        guard start < count else { return [] }
        func at(_ i: Int) -> UInt32? { i < count ? Scalars.lowercased(self[i]) : nil }
        switch at(start) {
        case 0x78, 0xFF58, 0x23, 0xFF03, 0x7E, 0xFF5E:
            return [start + 1]
        case 0x69 where at(start + 1) == 0x6E && at(start + 2) == 0x74:
            return [start + 3]
        case 0xFF49 where at(start + 1) == 0xFF4E && at(start + 2) == 0xFF54:
            return [start + 3]
        default:
            return []
        }
    }

    /// The digit values of `range` (any script's decimal digits), packed.
    func packedDigits(_ range: Range<Int>) -> PackedDigits {
        var out = PackedDigits()
        for i in range {
            if let digit = Scalars.digitValue(self[i]) { out.append(digit) }
        }
        return out
    }

    /// `_normalize`: keypad digits when there are three or more ASCII letters, else just the digits.
    func normalize(_ range: Range<Int>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var letters = 0
        for i in range where Scalars.isASCIILetter(self[i]) {
            letters += 1
            if letters == 3 { break }
        }
        var n = 0
        if letters >= 3 {
            for i in range {
                let c = self[i]
                if c &- 0x30 < 10 {
                    out[n] = UInt8(c &- 0x30)
                    n += 1
                } else if Scalars.isASCIILetter(c) {
                    out[n] = Scalars.keypadDigit(c)
                    n += 1
                }
            }
        } else {
            for i in range {
                if let digit = Scalars.digitValue(self[i]) {
                    out[n] = digit
                    n += 1
                }
            }
        }
        return n
    }
}

/// RFC 3966 markers `_build_national_number_for_parsing` looks for.
enum RFC3966 {
    static let phoneContext = Array(";phone-context=".unicodeScalars.map(\.value))
    static let telPrefix = Array("tel:".unicodeScalars.map(\.value))
    static let isdnSubaddress = Array(";isub=".unicodeScalars.map(\.value))
}
