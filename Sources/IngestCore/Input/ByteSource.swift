/// A stream of bytes read block by block, so no stage ever holds a whole file.
protocol ByteSource: AnyObject {
    /// Replaces `buffer`'s contents with the next block; returns false (and an empty buffer) at the end.
    func read(into buffer: inout [UInt8]) throws(IngestError) -> Bool
    /// Bytes taken from the file on disk so far (compressed bytes for gzip): the progress measure.
    var bytesFromDisk: Int64 { get }
}
