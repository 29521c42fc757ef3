import Foundation
import PhoneNumbers
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

@Suite("Rejects CSV cells")
struct RejectsWriterTests {
    @Test(arguments: [
        ("plain", "plain"), ("=SUM(A1)", "'=SUM(A1)"), ("+59899", "'+59899"), ("-5", "'-5"), ("@cmd", "'@cmd"),
        ("\tx", "'\tx"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("l1\nl2", "\"l1\nl2\""),
        ("=1,2", "\"'=1,2\""), ("\rx", "\"'\rx\""), ("", ""), ("a=b", "a=b"),
    ])
    func cells(_ value: String, _ cell: String) {
        #expect(RejectsWriter.cell(value) == cell)
    }

    @Test func writesAHeaderAndOneLinePerReject() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("di-rejects-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("rejects.csv").path
        let writer = try RejectsWriter(path: path)
        try writer.write(file: "a,b.csv", line: 9, reason: .invalidNumber, detail: "too short", raw: "=cmd;12")
        try writer.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "file,line,reason,detail,raw\n\"a,b.csv\",9,invalid-number,too short,'=cmd;12\n")
    }

    @Test func aLongRawIsCutAtACharacterBoundary() {
        // 1999 ASCII bytes then a 2-byte character straddling the 2000-byte limit: the cut goes before it.
        let bytes = Array((String(repeating: "a", count: 1999) + "é" + "tail").utf8)
        #expect(bytes.withUnsafeBufferPointer { RejectsWriter.cutPoint($0, limit: RejectsWriter.rawLimit) } == 1999)
        let short = Array("short".utf8)
        #expect(short.withUnsafeBufferPointer { RejectsWriter.cutPoint($0, limit: RejectsWriter.rawLimit) } == 5)
    }
}
