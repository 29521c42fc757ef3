/// A pull scanner over the XML of one workbook part: start tags (with attributes), end tags and text,
/// entities decoded, read block by block from a `ByteSource`.
///
/// Workbook parts use a narrow subset of XML, so this covers that subset and calls anything else
/// malformed: no DTD (so no entity expansion), tags closed in order, the document closed at its end.
/// Foundation's `XMLParser` is push-only (`parse()` runs to the end through delegate callbacks), which
/// cannot hand a sheet out row by row without a second thread; this scanner is pulled by the row reader.
struct XMLScanner {
    enum Event: Equatable {
        /// A start tag; `name`, `attributes` and `selfClosing` describe it.
        case open
        /// An end tag; `name` holds its name.
        case close
        /// Character data (CDATA included), decoded into `text`.
        case text
        case end
    }

    private let source: any ByteSource
    /// The file the part is in, and the part's name: where errors point.
    private let file: String
    private let part: String
    private let maxTokenBytes: Int
    private var buffer: [UInt8] = []
    private var block: [UInt8] = []
    private var position = 0
    private var exhausted = false
    private var atStart = true
    /// Names of the open elements, back to back (for the end-tag check).
    private var openNames: [UInt8] = []
    private var openEnds: [Int] = []

    /// Local name (prefix dropped) of the last tag, as a range of `buffer`; valid until the next `next()`.
    private(set) var name: Range<Int> = 0..<0
    /// Raw attribute text of the last start tag.
    private(set) var attributes: Range<Int> = 0..<0
    private(set) var selfClosing = false
    /// Decoded text of the last `.text` event.
    private(set) var text: [UInt8] = []

    init(source: any ByteSource, file: String, part: String, maxTokenBytes: Int) {
        self.source = source
        self.file = file
        self.part = part
        self.maxTokenBytes = maxTokenBytes
    }

    var depth: Int { openEnds.count }

    func malformed(_ what: String) -> IngestError {
        IngestError(.workbookCorrupt, "malformed XML in \(part): \(what)", file: file)
    }

    /// The next event; `.end` once the part is read and every element closed.
    mutating func next() throws(IngestError) -> Event {
        if position >= 1 << 16 {
            buffer.removeFirst(position)
            position = 0
        }
        if atStart {
            atStart = false
            if try hasPrefix("\u{FEFF}", at: 0) { position = 3 }  // a UTF-8 byte order mark some writers add
        }
        while true {
            if position == buffer.count {
                guard try fill() else {
                    if !openEnds.isEmpty { throw malformed("the part ends inside an element") }
                    return .end
                }
            }
            if buffer[position] != 0x3C {
                let start = position
                let end = try find(0x3C, from: start) ?? buffer.count
                text.removeAll(keepingCapacity: true)
                try decode(start..<end, into: &text)
                position = end
                if openEnds.isEmpty && text.contains(where: { !Self.isSpace($0) }) {
                    throw malformed("text outside the root element")
                }
                return .text
            }
            guard try ensure(position + 2) else { throw malformed("the part ends inside a tag") }
            switch buffer[position + 1] {
            case 0x3F:  // <?xml ... ?>
                guard let end = try find(0x3E, from: position + 2) else { throw malformed("unterminated <?") }
                position = end + 1
            case 0x21:  // <!-- -->, <![CDATA[ ]]>, <!DOCTYPE
                if try hasPrefix("<!--", at: position) {
                    guard let end = try find("-->", from: position + 4) else { throw malformed("unterminated comment") }
                    position = end + 3
                } else if try hasPrefix("<![CDATA[", at: position) {
                    guard let end = try find("]]>", from: position + 9) else { throw malformed("unterminated CDATA") }
                    text.removeAll(keepingCapacity: true)
                    text.append(contentsOf: buffer[(position + 9)..<end])
                    position = end + 3
                    return .text
                } else {
                    throw malformed("a DTD or declaration, which workbooks never contain")
                }
            case 0x2F:  // </name>
                guard let end = try find(0x3E, from: position + 2) else { throw malformed("unterminated end tag") }
                var nameEnd = position + 2
                while nameEnd < end && !Self.isSpace(buffer[nameEnd]) { nameEnd += 1 }
                let full = (position + 2)..<nameEnd
                try popOpen(full)
                name = Self.local(full, in: buffer)
                position = end + 1
                return .close
            default:
                guard let end = try tagEnd(from: position + 1) else { throw malformed("unterminated start tag") }
                var nameEnd = position + 1
                while nameEnd < end && !Self.isSpace(buffer[nameEnd]) && buffer[nameEnd] != 0x2F { nameEnd += 1 }
                let full = (position + 1)..<nameEnd
                if full.isEmpty { throw malformed("a tag without a name") }
                selfClosing = buffer[end - 1] == 0x2F
                attributes = nameEnd..<(selfClosing ? end - 1 : end)
                name = Self.local(full, in: buffer)
                if !selfClosing {
                    openNames.append(contentsOf: buffer[full])
                    openEnds.append(openNames.count)
                }
                position = end + 1
                return .open
            }
        }
    }

    /// True when the last tag's local name is `literal`.
    func nameIs(_ literal: StaticString) -> Bool {
        Self.equal(buffer[name], literal)
    }

    /// The raw (undecoded) value of the last start tag's attribute with local name `literal`.
    func attribute(_ literal: StaticString) throws(IngestError) -> Range<Int>? {
        var found: Range<Int>?
        try forEachAttribute { name, value in
            if Self.equal(name, literal) { found = value }
        }
        return found
    }

    /// Calls `body` with the local name and the raw value's range of each attribute of the last start tag.
    func forEachAttribute(_ body: (ArraySlice<UInt8>, Range<Int>) -> Void) throws(IngestError) {
        var index = attributes.lowerBound
        let end = attributes.upperBound
        while index < end {
            while index < end && Self.isSpace(buffer[index]) { index += 1 }
            if index == end { break }
            let nameStart = index
            while index < end && buffer[index] != 0x3D && !Self.isSpace(buffer[index]) { index += 1 }
            let attributeName = Self.local(nameStart..<index, in: buffer)
            while index < end && Self.isSpace(buffer[index]) { index += 1 }
            guard index < end, buffer[index] == 0x3D else { throw malformed("an attribute without a value") }
            index += 1
            while index < end && Self.isSpace(buffer[index]) { index += 1 }
            guard index < end, buffer[index] == 0x22 || buffer[index] == 0x27 else {
                throw malformed("an unquoted attribute value")
            }
            let quote = buffer[index]
            let valueStart = index + 1
            index = valueStart
            while index < end && buffer[index] != quote { index += 1 }
            guard index < end else { throw malformed("an unterminated attribute value") }
            body(buffer[attributeName], valueStart..<index)
            index += 1
        }
    }

    /// An attribute's value, entities decoded.
    func attributeString(_ literal: StaticString) throws(IngestError) -> String? {
        guard let range = try attribute(literal) else { return nil }
        var out: [UInt8] = []
        try decode(range, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of the current buffer in `range` (attribute values, names).
    func bytes(_ range: Range<Int>) -> ArraySlice<UInt8> { buffer[range] }

    /// Appends `range` of the buffer to `out` with entity and character references resolved.
    func decode(_ range: Range<Int>, into out: inout [UInt8]) throws(IngestError) {
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = buffer[index]
            guard byte == 0x26 else {
                out.append(byte)
                index += 1
                continue
            }
            var end = index + 1
            while end < range.upperBound && buffer[end] != 0x3B && end - index < 12 { end += 1 }
            guard end < range.upperBound, buffer[end] == 0x3B else { throw malformed("an unterminated entity") }
            let entity = buffer[(index + 1)..<end]
            if Self.equal(entity, "amp") {
                out.append(0x26)
            } else if Self.equal(entity, "lt") {
                out.append(0x3C)
            } else if Self.equal(entity, "gt") {
                out.append(0x3E)
            } else if Self.equal(entity, "quot") {
                out.append(0x22)
            } else if Self.equal(entity, "apos") {
                out.append(0x27)
            } else if entity.first == 0x23, let scalar = Self.characterReference(entity.dropFirst()) {
                out.append(contentsOf: String(Character(scalar)).utf8)
            } else {
                throw malformed("an unknown entity &\(String(decoding: entity, as: UTF8.self));")
            }
            index = end + 1
        }
    }

    // MARK: - Buffer

    private mutating func fill() throws(IngestError) -> Bool {
        while !exhausted {
            if try source.read(into: &block) {
                buffer.append(contentsOf: block)
                return true
            }
            exhausted = true
        }
        return false
    }

    /// Makes sure `buffer` holds at least `count` bytes (false at the end of the part).
    private mutating func ensure(_ count: Int) throws(IngestError) -> Bool {
        while buffer.count < count {
            guard try fill() else { return false }
        }
        return true
    }

    private func checkTokenSize(_ start: Int, _ index: Int) throws(IngestError) {
        if index - start > maxTokenBytes {
            throw IngestError(
                .recordTooLarge, "\(part) has a tag or text longer than \(maxTokenBytes) bytes", file: file)
        }
    }

    private mutating func find(_ byte: UInt8, from start: Int) throws(IngestError) -> Int? {
        var index = start
        while true {
            while index < buffer.count {
                if buffer[index] == byte { return index }
                index += 1
            }
            try checkTokenSize(start, index)
            guard try fill() else { return nil }
        }
    }

    private mutating func find(_ literal: StaticString, from start: Int) throws(IngestError) -> Int? {
        var index = start
        let count = literal.utf8CodeUnitCount
        while true {
            while index + count <= buffer.count {
                if Self.equal(buffer[index..<(index + count)], literal) { return index }
                index += 1
            }
            try checkTokenSize(start, index)
            guard try fill() else { return nil }
        }
    }

    private mutating func hasPrefix(_ literal: StaticString, at start: Int) throws(IngestError) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard try ensure(start + count) else { return false }
        return Self.equal(buffer[start..<(start + count)], literal)
    }

    /// The `>` that ends a start tag, skipping quoted attribute values (which may hold a `>`).
    private mutating func tagEnd(from start: Int) throws(IngestError) -> Int? {
        var index = start
        var quote: UInt8 = 0
        while true {
            while index < buffer.count {
                let byte = buffer[index]
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == 0x22 || byte == 0x27 {
                    quote = byte
                } else if byte == 0x3E {
                    return index
                } else if byte == 0x3C {
                    throw malformed("a '<' inside a tag")
                }
                index += 1
            }
            try checkTokenSize(start, index)
            guard try fill() else { return nil }
        }
    }

    private mutating func popOpen(_ full: Range<Int>) throws(IngestError) {
        guard let last = openEnds.popLast() else { throw malformed("an end tag without a start tag") }
        let first = openEnds.last ?? 0
        var same = last - first == full.count
        var index = full.lowerBound
        for position in first..<last where same {
            same = openNames[position] == buffer[index]
            index += 1
        }
        guard same else {
            let open = String(decoding: openNames[first..<last], as: UTF8.self)
            throw malformed("<\(open)> closed by </\(String(decoding: buffer[full], as: UTF8.self))>")
        }
        openNames.removeLast(last - first)
    }

    // MARK: - Helpers

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// The name after its namespace prefix (`x:row` → `row`).
    static func local(_ range: Range<Int>, in buffer: [UInt8]) -> Range<Int> {
        var start = range.lowerBound
        for index in range where buffer[index] == 0x3A { start = index + 1 }
        return start..<range.upperBound
    }

    static func equal(_ bytes: ArraySlice<UInt8>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count == count else { return false }
        // withUTF8Buffer, not utf8Start: a one-letter literal ("c") is stored as a scalar, without a pointer.
        return literal.withUTF8Buffer { expected in
            var offset = 0
            for byte in bytes {
                if byte != expected[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    private static func characterReference(_ digits: ArraySlice<UInt8>) -> Unicode.Scalar? {
        var value: UInt32 = 0
        var rest = digits
        let hex = rest.first == 0x78 || rest.first == 0x58
        if hex { rest = rest.dropFirst() }
        guard !rest.isEmpty else { return nil }
        for byte in rest {
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x61...0x66 where hex: digit = UInt32(byte - 0x61 + 10)
            case 0x41...0x46 where hex: digit = UInt32(byte - 0x41 + 10)
            default: return nil
            }
            value = value * (hex ? 16 : 10) + digit
            if value > 0x10FFFF { return nil }
        }
        return Unicode.Scalar(value)
    }
}
