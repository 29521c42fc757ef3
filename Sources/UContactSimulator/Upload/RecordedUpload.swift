import Foundation

/// How an upload request proved who it came from.
public enum UploadAuthentication: String, Sendable, Codable {
    /// `Authorization: Basic <session token from auth/getUserToken>`
    case session
    /// `Authorization: Bearer <API token>`
    case bearer
}

/// An upload the simulator accepted, as recorded in `uploads.jsonl` plus the decoded file.
///
/// Encodes (for `uploads.jsonl` and `GET /_sim/uploads`) without the file content, which lives in its own file.
public struct RecordedUpload: Sendable, Equatable, Encodable {
    /// Acceptance order, from 1; the record file is named `<6-digit seq>-<filename>`.
    public var seq: Int
    /// The endpoint that accepted it.
    public var endpoint: UploadEndpoint
    /// The `filename` form field as sent.
    public var filename: String
    /// The `campaign` form field.
    public var campaign: String
    /// The `timezone` form field (uploadbasewithtimezone only).
    public var timezone: String?
    /// The `cant` form field, equal to the number of lines.
    public var cant: Int
    /// Size of the decoded file in bytes.
    public var bytes: Int
    /// The `username` form field.
    public var username: String
    /// How the request authenticated.
    public var auth: UploadAuthentication
    /// The decoded file, valid UTF-8; empty once dropped (`contentKept`). The decoder's own bytes, not a copy.
    public var content: [UInt8]
    /// True for an upload into a campaign the server does not have: answered `1`, never loaded, as uContact
    /// does (it loads asynchronously and reports nothing back).
    public var discarded = false
    /// False once the store dropped `content` to stay within ``SimulatorConfiguration/keptContentBytes``.
    public var contentKept = true

    /// The decoded file as text.
    public var text: String { String(decoding: content, as: UTF8.self) }

    /// The decoded file's lines, without the separating `\n`s.
    public var lines: [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    enum CodingKeys: String, CodingKey {
        case seq, endpoint, filename, campaign, timezone, cant, bytes, username, auth, discarded
    }

    /// Writes every field but `content` and `contentKept`, `timezone` as null when absent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(filename, forKey: .filename)
        try container.encode(campaign, forKey: .campaign)
        try container.encode(timezone, forKey: .timezone)
        try container.encode(cant, forKey: .cant)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(username, forKey: .username)
        try container.encode(auth, forKey: .auth)
        try container.encode(discarded, forKey: .discarded)
    }
}
