import CZlibShim

/// zlib's streaming inflate with the gzip wrapper (window bits 16 + 15: gzip only, not zlib or raw deflate).
final class ZlibInflater {
    private let stream: UnsafeMutablePointer<z_stream>

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // Fails only without memory, which every later call reports as Z_STREAM_ERROR (then "corrupt data").
        _ = czlib_inflateInit2(stream, 16 + MAX_WBITS)
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Forgets the finished member; the next call reads a new member's header.
    func startMember() {
        inflateReset(stream)
    }

    func inflate(
        from input: UnsafeMutableBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>
    ) throws(InflateFailure) -> InflateStep {
        stream.pointee.next_in = input.baseAddress
        stream.pointee.avail_in = UInt32(input.count)
        stream.pointee.next_out = output.baseAddress
        stream.pointee.avail_out = UInt32(output.count)
        let status = CZlibShim.inflate(stream, Z_NO_FLUSH)
        let step = InflateStep(
            consumed: input.count - Int(stream.pointee.avail_in), written: output.count - Int(stream.pointee.avail_out),
            memberEnded: status == Z_STREAM_END)
        // Z_BUF_ERROR only says no progress was possible with this input (it wants more): not an error.
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
            throw Self.failure(message: stream.pointee.msg.map { String(cString: $0) } ?? "")
        }
        return step
    }

    /// zlib's message, in the words ISA-L's codes get (the tests and the fuzzer see one vocabulary).
    private static func failure(message: String) -> InflateFailure {
        if message.hasSuffix("data check") || message.hasSuffix("length check") { return .checksum }
        if message.contains("compression method") { return .method }
        if message.contains("header") { return .header }
        return .corrupt
    }
}
