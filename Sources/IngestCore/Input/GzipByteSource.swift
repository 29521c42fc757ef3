/// Inflates a gzip file as a stream: every member of a multi-member archive, each member's CRC-32 and
/// length checked, a truncated archive or trailing junk an error, and a ratio limit against bombs.
///
/// The engine (``GzipInflater``: zlib, or ISA-L with the `ISAL` trait) inflates one member at a time; this
/// type finds the members and decides what lies between and after them.
final class GzipByteSource: ByteSource {
    static let outputBlockSize = 1 << 20
    /// Below this many inflated bytes the ratio limit is not applied (tiny files compress very well). Lead lists
    /// compress 5-20x, so a file that inflates to 8 MiB at over `max_gzip_ratio` is a bomb, not a list.
    static let bombThreshold: Int64 = 8 << 20

    private let file: any ByteSource
    let path: String
    private let maxRatio: Int64
    private let bombThreshold: Int64
    private let engine = GzipInflater()
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var inputFinished = false
    private var memberOpen = false
    private var outputPending = false
    private var finished = false
    private var inflated: Int64 = 0
    private var members = 0

    var bytesFromDisk: Int64 { file.bytesFromDisk }

    /// - Parameters:
    ///   - file: the compressed bytes.
    ///   - bombThreshold: inflated bytes below which the ratio is not checked (the fuzzer lowers it).
    init(
        file: any ByteSource, path: String, maxRatio: Int, bombThreshold: Int64 = GzipByteSource.bombThreshold
    ) throws(IngestError) {
        self.file = file
        self.path = path
        self.maxRatio = Int64(maxRatio)
        self.bombThreshold = bombThreshold
    }

    func read(into buffer: inout [UInt8]) throws(IngestError) -> Bool {
        if buffer.count != Self.outputBlockSize {
            buffer = [UInt8](repeating: 0, count: Self.outputBlockSize)
        }
        var produced = 0
        while produced == 0, !finished {
            produced = try inflateSome(into: &buffer)
        }
        buffer.removeLast(buffer.count - produced)
        inflated += Int64(produced)
        if inflated > bombThreshold, inflated > maxRatio * max(1, file.bytesFromDisk) {
            throw IngestError(
                .gzipBomb, "inflates more than \(maxRatio)x its size (limits.max_gzip_ratio): refusing a gzip bomb",
                file: path)
        }
        return produced > 0
    }

    /// Runs inflate once over the buffered input; returns the bytes written to `buffer`.
    private func inflateSome(into buffer: inout [UInt8]) throws(IngestError) -> Int {
        // An engine that filled the last output block may hold more output (and a member's end) without input.
        if inputOffset == input.count, !outputPending {
            guard try refill() else {
                if memberOpen || members == 0 {
                    let what = members == 0 ? "empty or not a gzip file" : "truncated: the archive ends mid-stream"
                    throw IngestError(members == 0 ? .gzipCorrupt : .gzipTruncated, what, file: path)
                }
                finished = true
                return 0
            }
        }
        if !memberOpen {
            guard try startMember() else { return 0 }
        }
        var step = InflateStep(consumed: 0, written: 0, memberEnded: false)
        var failure: InflateFailure?
        input.withUnsafeMutableBufferPointer { inBuffer in
            buffer.withUnsafeMutableBufferPointer { outBuffer in
                do throws(InflateFailure) {
                    step = try engine.inflate(from: .init(rebasing: inBuffer[inputOffset...]), into: outBuffer)
                } catch {
                    failure = error
                }
            }
        }
        if let failure {
            let offset = file.bytesFromDisk - Int64(input.count - inputOffset)
            throw IngestError(.gzipCorrupt, "gzip \(failure.reason) near byte \(offset)", file: path)
        }
        inputOffset += step.consumed
        outputPending = step.written == buffer.count
        if step.memberEnded {
            memberOpen = false
            engine.startMember()
        }
        return step.written
    }

    /// At a member boundary: another member (gzip magic), zero padding (ignored), or junk (an error).
    private func startMember() throws(IngestError) -> Bool {
        if members > 0 {
            // Need two bytes to see the magic of a next member.
            while input.count - inputOffset < 2 {
                let leftover = Array(input[inputOffset...])
                guard try refill() else {
                    if leftover.allSatisfy({ $0 == 0 }) {
                        finished = true
                        return false
                    }
                    throw IngestError(.gzipCorrupt, "unexpected data after the last gzip member", file: path)
                }
                input.insert(contentsOf: leftover, at: 0)
            }
            if input[inputOffset] != 0x1F || input[inputOffset + 1] != 0x8B {
                if input[inputOffset...].allSatisfy({ $0 == 0 }) {
                    inputOffset = input.count
                    return false
                }
                throw IngestError(.gzipCorrupt, "unexpected data after gzip member \(members)", file: path)
            }
        }
        members += 1
        memberOpen = true
        return true
    }

    private func refill() throws(IngestError) -> Bool {
        guard !inputFinished else { return false }
        inputOffset = 0
        if try !file.read(into: &input) {
            inputFinished = true
            return false
        }
        return true
    }
}
