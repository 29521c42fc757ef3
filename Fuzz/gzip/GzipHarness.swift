import FuzzSupport

@testable import IngestCore

/// libFuzzer entry point: the gzip reader (multi-member, CRC and length checks, trailing bytes, bomb limit).
/// Errors are expected; a crash, a hang or output beyond the ratio limit is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let control = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let file = MemorySource(bytes, blockSizes: [1 + Int(control) * 257, 65536])
    let maxRatio = 1000
    // A low threshold keeps each run fast; the check itself is the same.
    let threshold: Int64 = 1 << 20
    var block: [UInt8] = []
    var inflated: Int64 = 0
    do {
        let gzip = try GzipByteSource(file: file, path: "fuzz.gz", maxRatio: maxRatio, bombThreshold: threshold)
        while try gzip.read(into: &block) {
            invariant(!block.isEmpty, "a read that returned true gave no bytes")
            inflated += Int64(block.count)
            invariant(
                inflated <= max(threshold, Int64(maxRatio) * Int64(max(1, bytes.count)))
                    + Int64(GzipByteSource.outputBlockSize),
                "inflated \(inflated) bytes from \(bytes.count) without stopping")
        }
        invariant(block.isEmpty, "the final read left bytes in the buffer")
    } catch {
        invariant(error.file == "fuzz.gz", "an error that does not name the file")
    }
    return 0
}
