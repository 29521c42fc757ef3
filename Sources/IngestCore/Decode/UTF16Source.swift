/// Transcodes a UTF-16 byte stream (Excel's "Unicode text") to UTF-8, block by block.
/// Unpaired surrogates become U+FFFD; a surrogate pair or a code unit split across blocks is carried over.
final class UTF16Source: ByteSource {
    private let base: any ByteSource
    private let bigEndian: Bool
    private var raw: [UInt8] = []
    private var carry: [UInt8] = []
    private var pendingHigh: UInt32?

    var bytesFromDisk: Int64 { base.bytesFromDisk }

    init(base: any ByteSource, bigEndian: Bool, firstBlock: ArraySlice<UInt8>) {
        self.base = base
        self.bigEndian = bigEndian
        carry = Array(firstBlock)
    }

    func read(into buffer: inout [UInt8]) throws(IngestError) -> Bool {
        buffer.removeAll(keepingCapacity: true)
        while buffer.isEmpty {
            var input = carry
            carry.removeAll()
            let more = try base.read(into: &raw)
            input.append(contentsOf: raw)
            if input.count < 2 {
                if !more {
                    if !input.isEmpty || pendingHigh != nil { UTF8Writer.append(0xFFFD, to: &buffer) }
                    pendingHigh = nil
                    return !buffer.isEmpty
                }
                carry = input
                continue
            }
            let usable = input.count & ~1
            if usable < input.count { carry = [input[usable]] }
            buffer.reserveCapacity(usable * 3 / 2)
            var index = 0
            while index < usable {
                let unit =
                    bigEndian
                    ? UInt32(input[index]) << 8 | UInt32(input[index + 1])
                    : UInt32(input[index + 1]) << 8 | UInt32(input[index])
                index += 2
                decode(unit, into: &buffer)
            }
            if !more, carry.isEmpty, let _ = pendingHigh {
                UTF8Writer.append(0xFFFD, to: &buffer)
                pendingHigh = nil
            }
            if !more && buffer.isEmpty { return false }
        }
        return true
    }

    private func decode(_ unit: UInt32, into buffer: inout [UInt8]) {
        if let high = pendingHigh {
            pendingHigh = nil
            if (0xDC00...0xDFFF).contains(unit) {
                UTF8Writer.append(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), to: &buffer)
                return
            }
            UTF8Writer.append(0xFFFD, to: &buffer)
        }
        switch unit {
        case 0xD800...0xDBFF: pendingHigh = unit
        case 0xDC00...0xDFFF: UTF8Writer.append(0xFFFD, to: &buffer)
        default: UTF8Writer.append(unit, to: &buffer)
        }
    }
}
