/// Writes a numeric cell the way the sheet shows it, from the exact decimal text the workbook stores
/// (`<v>98344484</v>`, `<v>5.9898344484E+10</v>`): no `E+` notation, no `.0`, leading zeros from a
/// `000000000` format, dates as ISO dates. Works on the digits as text, so no precision is lost on the way.
enum CellNumber {
    /// Excel keeps 15 significant digits; a number with more has lost some.
    static let excelDigits = 15

    /// Appends the cell's text to `out`.
    /// - Returns: false when the number has more than 15 significant digits (or integer digits): the
    ///   workbook no longer holds the number that was typed.
    static func append(_ value: ArraySlice<UInt8>, style: NumberStyle, date1904: Bool, to out: inout [UInt8]) -> Bool {
        if case .date(let hasDate, let hasTime) = style,
            let serial = Double(String(decoding: value, as: UTF8.self)),
            let text = DateSerial.iso(serial, date1904: date1904, date: hasDate, time: hasTime)
        {
            out.append(contentsOf: text.utf8)
            return true
        }
        guard var decimal = Decimal(value) else {
            out.append(contentsOf: value)
            return true
        }
        let integerDigits = max(decimal.point, 0)
        if decimal.digits.count > excelDigits {
            if decimal.point >= decimal.digits.count || integerDigits > excelDigits {
                decimal.write(to: &out)
                return false
            }
            // A fraction carried past Excel's precision is binary noise (0.30000000000000004): round it.
            decimal.round(toSignificant: excelDigits)
        }
        if integerDigits > excelDigits {
            decimal.write(to: &out)
            return false
        }
        if case .zeroPadded(let width) = style, !decimal.negative, decimal.point >= decimal.digits.count {
            let length = max(decimal.point, 1)
            if length < width { out.append(contentsOf: repeatElement(0x30, count: width - length)) }
        }
        decimal.write(to: &out)
        return true
    }

    /// A decimal number as significant digits and the position of the point among them.
    struct Decimal {
        var negative = false
        /// Significant digits (ASCII), no leading or trailing zeros; empty for zero.
        var digits: [UInt8] = []
        /// The decimal point sits after `point` digits (negative: zeros come first; past the end: zeros follow).
        var point = 0

        /// Parses `-12.5`, `1.2E+10`, `4.0000000000000001E-3`; nil for anything else.
        init?(_ text: ArraySlice<UInt8>) {
            var index = text.startIndex
            if index < text.endIndex && (text[index] == 0x2D || text[index] == 0x2B) {
                negative = text[index] == 0x2D
                index += 1
            }
            var mantissa: [UInt8] = []
            var integerCount = 0
            var seenPoint = false
            var seenDigit = false
            while index < text.endIndex {
                let byte = text[index]
                if byte >= 0x30 && byte <= 0x39 {
                    mantissa.append(byte)
                    if !seenPoint { integerCount += 1 }
                    seenDigit = true
                } else if byte == 0x2E && !seenPoint {
                    seenPoint = true
                } else {
                    break
                }
                index += 1
            }
            guard seenDigit else { return nil }
            var exponent = 0
            if index < text.endIndex && (text[index] == 0x45 || text[index] == 0x65) {
                index += 1
                var exponentNegative = false
                if index < text.endIndex && (text[index] == 0x2D || text[index] == 0x2B) {
                    exponentNegative = text[index] == 0x2D
                    index += 1
                }
                var exponentDigits = 0
                while index < text.endIndex, text[index] >= 0x30 && text[index] <= 0x39, exponent < 10_000 {
                    exponent = exponent * 10 + Int(text[index] - 0x30)
                    exponentDigits += 1
                    index += 1
                }
                guard exponentDigits > 0 else { return nil }
                if exponentNegative { exponent = -exponent }
            }
            guard index == text.endIndex, abs(exponent) < 400 else { return nil }
            var start = 0
            while start < mantissa.count && mantissa[start] == 0x30 { start += 1 }
            var end = mantissa.count
            while end > start && mantissa[end - 1] == 0x30 { end -= 1 }
            digits = Array(mantissa[start..<end])
            point = integerCount - start + exponent
            if digits.isEmpty {
                point = 0
                negative = false
            }
        }

        /// Rounds half away from zero to `count` significant digits.
        mutating func round(toSignificant count: Int) {
            guard digits.count > count else { return }
            let roundUp = digits[count] >= 0x35
            digits.removeSubrange(count...)
            if roundUp {
                var index = count - 1
                while index >= 0 {
                    if digits[index] == 0x39 {
                        digits[index] = 0x30
                        index -= 1
                    } else {
                        digits[index] += 1
                        break
                    }
                }
                if index < 0 {
                    digits.insert(0x31, at: 0)
                    point += 1
                }
            }
            while let last = digits.last, last == 0x30 { digits.removeLast() }
        }

        /// Plain decimal notation: `-0.004`, `59898344484`, `12.5`.
        func write(to out: inout [UInt8]) {
            if digits.isEmpty {
                out.append(0x30)
                return
            }
            if negative { out.append(0x2D) }
            if point <= 0 {
                out.append(0x30)
                out.append(0x2E)
                out.append(contentsOf: repeatElement(0x30, count: -point))
                out.append(contentsOf: digits)
            } else if point >= digits.count {
                out.append(contentsOf: digits)
                out.append(contentsOf: repeatElement(0x30, count: point - digits.count))
            } else {
                out.append(contentsOf: digits[..<point])
                out.append(0x2E)
                out.append(contentsOf: digits[point...])
            }
        }
    }
}
