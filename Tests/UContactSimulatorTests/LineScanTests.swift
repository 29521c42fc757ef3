import Foundation
import Testing

@testable import UContactSimulator

/// The record check's line scan (SSE2 on x86-64) against the portable one, every line of random files whose
/// LF, `;` and CR fall at every offset of a vector, including lines shorter than one and a file without a
/// final LF.
@Suite struct LineScanTests {
    @Test func vectorScanAgreesWithThePortableOne() {
        var random = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("ab;\r\n9é".utf8)
        for length in 0...200 {
            for _ in 0..<20 {
                let file = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
                file.withUnsafeBufferPointer { bytes in
                    var start = 0
                    while start < bytes.count {
                        let fast = UploadValidation.scanLine(bytes, from: start)
                        let portable = UploadValidation.scanLineBytes(bytes, from: start)
                        #expect(fast == portable, "line at \(start) of \(file)")
                        start = portable.end + 1
                    }
                }
            }
        }
    }
}
