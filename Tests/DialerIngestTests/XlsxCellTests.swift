import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// How workbook cells become text: the decimal text a workbook stores, its number format, date serials.
@Suite struct XlsxCellTests {
    func text(_ value: String, _ style: NumberStyle = .general, date1904: Bool = false) -> (String, Bool) {
        var out: [UInt8] = []
        let kept = CellNumber.append(Array(value.utf8)[...], style: style, date1904: date1904, to: &out)
        return (String(decoding: out, as: UTF8.self), kept)
    }

    @Test(arguments: [
        ("98344484", "98344484"),
        ("5.9898344484E+10", "59898344484"),  // Excel's scientific text for a phone stored as a number
        ("59898344484.0", "59898344484"),
        ("1.2345678901234E+14", "123456789012340"),
        ("-3", "-3"),
        ("0.001", "0.001"),
        ("4.0000000000000001E-3", "0.004"),  // binary noise past 15 digits is rounded away
        ("0.30000000000000004", "0.3"),
        ("1E-5", "0.00001"),
        ("0", "0"),
        ("-0", "0"),
        ("1234.5", "1234.5"),
    ])
    func numbersAreWrittenWithoutExponentOrTrailingZero(_ stored: String, _ shown: String) {
        #expect(text(stored) == (shown, true))
    }

    @Test func zeroPaddedFormatsRestoreLeadingZeros() {
        #expect(text("98344484", .zeroPadded(width: 9)) == ("098344484", true))
        #expect(text("9.8344484E+7", .zeroPadded(width: 9)) == ("098344484", true))
        #expect(text("123456789", .zeroPadded(width: 9)) == ("123456789", true))
        #expect(text("12.5", .zeroPadded(width: 9)) == ("12.5", true))
    }

    @Test(arguments: ["1.2345678901234568E+16", "12345678901234567", "1234567890123456", "1E+16"])
    func numbersPastFifteenDigitsAreFlagged(_ stored: String) {
        #expect(text(stored).1 == false)
    }

    @Test(arguments: [
        ("46027", false, "2026-01-05"), ("61", false, "1900-03-01"), ("59", false, "1900-02-28"),
        ("1", false, "1900-01-01"), ("44565", true, "2026-01-05"), ("0", true, "1904-01-01"),
        ("-1401", true, "1900-03-01"), ("46027.75", false, "2026-01-05"),
    ])
    func dateSerialsBecomeISODates(_ stored: String, _ date1904: Bool, _ shown: String) {
        #expect(text(stored, .date(hasDate: true, hasTime: false), date1904: date1904) == (shown, true))
    }

    @Test func timesAreWrittenWhenTheFormatShowsThem() {
        #expect(text("46027.75", .date(hasDate: true, hasTime: true)) == ("2026-01-05 18:00:00", true))
        #expect(text("0.5", .date(hasDate: false, hasTime: true)) == ("12:00:00", true))
    }

    @Test(arguments: [
        ("000000000", NumberStyle.zeroPadded(width: 9)), ("General", .general), ("0.00", .general),
        ("yyyy\\-mm\\-dd", .date(hasDate: true, hasTime: false)),
        ("[$-409]d/m/yyyy h:mm", .date(hasDate: true, hasTime: true)),
        ("mm:ss", .date(hasDate: false, hasTime: true)), ("\"TRUE\";\"TRUE\";\"FALSE\"", .general),
        ("[Red]0", .general), ("#,##0 \"días\"", .general), ("[h]:mm", .date(hasDate: false, hasTime: true)),
    ])
    func formatCodesAreRead(_ code: String, _ style: NumberStyle) {
        #expect(NumberFormats.style(code: code) == style)
    }

    @Test func builtInFormatIdsAreKnown() {
        #expect(NumberFormats.style(id: 14, code: nil) == .date(hasDate: true, hasTime: false))
        #expect(NumberFormats.style(id: 22, code: nil) == .date(hasDate: true, hasTime: true))
        #expect(NumberFormats.style(id: 1, code: nil) == .general)
    }

    @Test func relationshipTargetsResolveAgainstTheirPart() {
        #expect(WorkbookFile.resolve("worksheets/sheet1.xml", from: "xl/workbook.xml") == "xl/worksheets/sheet1.xml")
        #expect(
            WorkbookFile.resolve("/xl/worksheets/sheet2.xml", from: "xl/workbook.xml") == "xl/worksheets/sheet2.xml")
        #expect(WorkbookFile.resolve("../sheets/a.xml", from: "xl/sub/workbook.xml") == "xl/sheets/a.xml")
        #expect(WorkbookFile.relationsPart(of: "xl/workbook.xml") == "xl/_rels/workbook.xml.rels")
    }
}
