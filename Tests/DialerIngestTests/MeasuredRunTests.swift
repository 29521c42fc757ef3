import Foundation
import Testing

/// The memory meter the hostile-input tests rely on measures the tool, not the test process around it.
@Suite struct MeasuredRunTests {
    @Test func thePeakIsTheToolsOwnEvenWhenTheTestProcessIsLarge() throws {
        let temp = try TemporaryDirectory()
        // 320 MiB touched in this process: a meter that inherited its peak would report at least that.
        let size = 320 << 20
        let ballast = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        defer { ballast.deallocate() }
        for offset in stride(from: 0, to: size, by: 4096) {
            ballast.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self)
        }
        let run = try MeasuredRun.run(["--version"], in: temp)
        #expect(run.status == 0)
        #expect(run.peakMiB > 0 && run.peakMiB < 100, "peak \(run.peakMiB) MiB")
        #expect(ballast.load(fromByteOffset: size - 4096, as: UInt8.self) == 1)
    }
}
