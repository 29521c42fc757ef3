import Foundation
import NIOCore
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

@Suite struct FormBodyTests {
    @Test func base64IsPercentEncodedAndStreamedInBlocks() throws {
        let temp = try TemporaryDirectory()
        // Bytes whose base64 has + / and = in it, over more than one block.
        var content = Data()
        for index in 0..<(FormBody.blockSize + 1000) { content.append(UInt8(truncatingIfNeeded: index * 251 + 0xFB)) }
        let path = temp.file("chunk.txt")
        try content.write(to: URL(fileURLWithPath: path))
        var body = FormBody(fields: [("filename", "a b+c.txt"), ("campaign", "Ventas->")], filePath: path)
        var blocks: [[UInt8]] = []
        while let block = try body.next() { blocks.append(Array(block.readableBytesView)) }
        #expect(blocks.count == 3, "prefix, one full block, the rest")
        let text = String(decoding: blocks.joined(), as: UTF8.self)
        #expect(text.hasPrefix("filename=a%20b%2Bc.txt&campaign=Ventas-%3E&fileb64="))
        let encoded = String(text.dropFirst("filename=a%20b%2Bc.txt&campaign=Ventas-%3E&fileb64=".count))
        #expect(!encoded.contains("+") && !encoded.contains("/") && !encoded.contains("="))
        let decoded = encoded.replacingOccurrences(of: "%2B", with: "+").replacingOccurrences(of: "%2F", with: "/")
            .replacingOccurrences(of: "%3D", with: "=")
        #expect(Data(base64Encoded: decoded) == content)
    }

    /// The `Content-Length` sent is the body's exact size, whatever the content's share of `+` and `/`.
    @Test(arguments: [0, 1, 2, 1000, FormBody.blockSize - 1, FormBody.blockSize, FormBody.blockSize * 2 + 7])
    func theLengthIsTheBodysByteCount(_ count: Int) throws {
        let temp = try TemporaryDirectory()
        for seed in [0xFB, 0x00, 0x3E] {
            let content = Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ seed) })
            let path = temp.file("chunk-\(seed).txt")
            try content.write(to: URL(fileURLWithPath: path))
            let fields = [("filename", "a b+c.txt"), ("campaign", "Ventas->"), ("cant", "\(count)")]
            var body = FormBody(fields: fields, filePath: path)
            var total = 0
            while let block = try body.next() { total += block.readableBytes }
            #expect(try FormBody.length(fields: fields, filePath: path) == total)
        }
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5, 15, 16, 17, 27, 28, 62, 63, 64, 65, 1000, 65_539])
    func theEncodingIsBase64PercentEncoded(_ count: Int) {
        let input = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 157 &+ 0xFB) }
        let expected = Data(input).base64EncodedString().replacingOccurrences(of: "+", with: "%2B")
            .replacingOccurrences(of: "/", with: "%2F").replacingOccurrences(of: "=", with: "%3D")
        let encoded = input.withUnsafeBytes { bytes in
            [UInt8](unsafeUninitializedCapacity: FormBase64.maximumLength(of: count) + 1) { output, written in
                guard let base = output.baseAddress else { return }
                written = FormBase64.encode(bytes, into: base)
            }
        }
        #expect(String(decoding: encoded, as: UTF8.self) == expected)
    }
}
