#if ISAL
    import CISAL

    /// Intel ISA-L's `isal_inflate` with the gzip wrapper (the `ISAL` package trait).
    final class ISALInflater {
        /// The decoder state (~100 KiB with its history window), on the heap.
        private let state: UnsafeMutablePointer<inflate_state>

        init() {
            state = .allocate(capacity: 1)
            startMember()
        }

        deinit {
            state.deallocate()
        }

        /// A fresh decoder: a gzip wrapper (header parsed, CRC-32 and ISIZE verified).
        func startMember() {
            isal_inflate_init(state)
            state.pointee.crc_flag = UInt32(ISAL_GZIP)
        }

        func inflate(
            from input: UnsafeMutableBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>
        ) throws(InflateFailure) -> InflateStep {
            state.pointee.next_in = input.baseAddress
            state.pointee.avail_in = UInt32(input.count)
            state.pointee.next_out = output.baseAddress
            state.pointee.avail_out = UInt32(output.count)
            let status = isal_inflate(state)
            // Negative is an error; otherwise it wants more input or more room, or the member is done.
            guard status >= 0 else {
                switch status {
                case ISAL_INCORRECT_CHECKSUM: throw .checksum
                case ISAL_INVALID_WRAPPER: throw .header
                case ISAL_UNSUPPORTED_METHOD: throw .method
                default: throw .corrupt
                }
            }
            return InflateStep(
                consumed: input.count - Int(state.pointee.avail_in),
                written: output.count - Int(state.pointee.avail_out),
                memberEnded: state.pointee.block_state == ISAL_BLOCK_FINISH)
        }
    }
#endif
