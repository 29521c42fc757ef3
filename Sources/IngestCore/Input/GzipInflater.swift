/// The inflate engine behind ``GzipByteSource``, one gzip member at a time: the member's wrapper parsed, its
/// CRC-32 and ISIZE verified. ``GzipByteSource`` owns the framing (members, padding, junk, bombs).
///
/// The default build uses zlib (Debian's libz-dev, which every host has). Built with the `ISAL` package
/// trait (`swift build --traits ISAL`, needs libisal-dev) it uses Intel ISA-L's inflate: about four times
/// zlib's speed on lead lists (0.25 s of CPU against zlib's 1.1 s for the 228 MB benchmark file).
#if ISAL
    typealias GzipInflater = ISALInflater
#else
    typealias GzipInflater = ZlibInflater
#endif

/// One call's progress through a member.
struct InflateStep {
    var consumed: Int
    var written: Int
    /// The member's trailer was read and checked; the next call starts a new member.
    var memberEnded: Bool
}

/// Why a member could not be inflated, in words for the error message.
struct InflateFailure: Error {
    static let checksum = InflateFailure(reason: "CRC or length mismatch")
    static let header = InflateFailure(reason: "a bad member header")
    static let method = InflateFailure(reason: "a compression method other than deflate")
    static let corrupt = InflateFailure(reason: "corrupt data")

    let reason: String
}
