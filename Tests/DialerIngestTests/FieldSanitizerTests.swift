import Foundation
import PhoneNumbers
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

@Suite("Field sanitizer")
struct FieldSanitizerTests {
    @Test(arguments: [
        ("a;b:c=d", "a b c d", true), ("\t lead \r\n", "lead", true), ("a  b", "a b", false), ("", "", false),
        ("   ", "", false), ("a\u{0}b", "a b", true), ("José ñ €", "José ñ €", false),
    ])
    func sanitizes(_ input: String, _ output: String, _ replaced: Bool) {
        #expect(FieldSanitizer.sanitized(input) == output)
        var bytes = Array(input.utf8)
        var out: [UInt8] = Array("k=".utf8)
        let didReplace = bytes.withUnsafeMutableBufferPointer {
            FieldSanitizer.append(UnsafeBufferPointer($0), to: &out)
        }
        #expect(didReplace == replaced)
        #expect(String(decoding: out, as: UTF8.self) == "k=" + output)
        let empty = bytes.withUnsafeMutableBufferPointer { FieldSanitizer.isEmpty(UnsafeBufferPointer($0)) }
        #expect(empty == output.isEmpty)
    }
}
