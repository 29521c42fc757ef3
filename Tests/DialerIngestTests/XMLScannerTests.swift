import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// The workbook XML scanner on small parts held in memory, split into tiny blocks to cross every boundary.
@Suite struct XMLScannerTests {
    final class SplitSource: ByteSource {
        private var rest: [UInt8]
        private let blockSize: Int
        var bytesFromDisk: Int64 = 0

        init(_ text: String, blockSize: Int) {
            rest = Array(text.utf8)
            self.blockSize = blockSize
        }

        func read(into buffer: inout [UInt8]) throws(IngestError) -> Bool {
            buffer = Array(rest.prefix(blockSize))
            rest.removeFirst(buffer.count)
            return !buffer.isEmpty
        }
    }

    func scanner(_ text: String, blockSize: Int = 3) -> XMLScanner {
        XMLScanner(
            source: SplitSource(text, blockSize: blockSize), file: "book.xlsx", part: "xl/part.xml",
            maxTokenBytes: 1024)
    }

    @Test(arguments: [1, 3, 64])
    func sharedStringsJoinRunsAndLeavePhoneticsOut(_ blockSize: Int) throws {
        var source = scanner(
            "\u{FEFF}<?xml version=\"1.0\"?><sst xmlns=\"x\"><si><r><t>漢</t></r><r><t xml:space=\"preserve\"> 字</t></r>"
                + "<rPh sb=\"0\" eb=\"1\"><t>カン</t></rPh></si><si><t>a&amp;b &lt;&#233;&#x41;&gt;</t></si><si/>"
                + "<!-- a comment --><si><t><![CDATA[x<y]]></t></si></sst>",
            blockSize: blockSize)
        let strings = try SharedStrings.read(&source)
        #expect(strings.count == 4)
        #expect(
            (0..<strings.count).map { String(decoding: strings[$0], as: UTF8.self) } == ["漢 字", "a&b <éA>", "", "x<y"])
    }

    @Test(arguments: [
        ("<a><b></a>", "<b> closed by </a>"),
        ("<a>", "the part ends inside an element"),
        ("<!DOCTYPE a [<!ENTITY x \"y\">]><a/>", "a DTD or declaration"),
        ("<a>&bogus;</a>", "an unknown entity &bogus;"),
        ("<a b=c/>", "an unquoted attribute value"),
        ("<a></a>junk", "text outside the root element"),
        ("<a", "unterminated start tag"),
    ])
    func malformedXMLIsAnErrorNamingThePart(_ xml: String, _ says: String) {
        var source = scanner(xml)
        let error = ingestError {
            // Attributes are parsed when asked for, as the readers do.
            while case let event = try source.next(), event != .end {
                if event == .open { _ = try source.attribute("b") }
            }
        }
        #expect(error?.code == .workbookCorrupt)
        #expect(error?.file == "book.xlsx")
        #expect(
            error?.message.contains("malformed XML in xl/part.xml: \(says)") == true, "\(String(describing: error))")
    }

    @Test func attributesAreFoundByLocalNameWithAnyQuote() throws {
        var source = scanner("<sheet name='Ventas &amp; Más' r:id=\"rId7\" formatCode=\"[>=100]0\"/>")
        #expect(try source.next() == .open)
        #expect(try source.attributeString("name") == "Ventas & Más")
        #expect(try source.attributeString("id") == "rId7")
        #expect(try source.attributeString("formatCode") == "[>=100]0")
        #expect(try source.attributeString("missing") == nil)
        #expect(source.selfClosing)
        #expect(try source.next() == .end)
    }
}
