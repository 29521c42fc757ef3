/// One chunk on disk, exactly as it will be uploaded (before base64).
public struct SpooledChunk: Sendable, Equatable {
    public var filename: String
    public var path: String
    public var campaign: String
    public var timezone: String?
    /// Lines in the chunk: the `cant` form field.
    public var rows: Int
    public var bytes: Int

    /// The Integra endpoint this chunk goes to.
    public var endpoint: String {
        timezone == nil ? "uploadbase" : "uploadbasewithtimezone"
    }
}
