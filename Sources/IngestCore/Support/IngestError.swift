/// An error a user can act on: a stable code, a human message, and where in which file it happened.
///
/// Messages never contain secrets, and contain row values only where they help locate the problem
/// (a header name, a column name): never a password, a token or a whole row.
public struct IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable, documented error codes; scripts may match on them.
    public enum Code: String, Sendable, Codable {
        case usage
        case configInvalid = "config-invalid"
        case fileNotFound = "file-not-found"
        case fileUnreadable = "file-unreadable"
        case fileChanged = "file-changed"
        case gzipCorrupt = "gzip-corrupt"
        case gzipTruncated = "gzip-truncated"
        case gzipBomb = "gzip-bomb"
        case binaryFile = "binary-file"
        case unsupportedFormat = "unsupported-format"
        case emptyFile = "empty-file"
        case noDataRows = "no-data-rows"
        case unterminatedQuote = "unterminated-quote"
        case recordTooLarge = "record-too-large"
        case unknownColumn = "unknown-column"
        case ambiguousColumn = "ambiguous-column"
        case noNumberColumn = "no-number-column"
        case rejectRatio = "reject-ratio"
        case outputFailed = "output-failed"
        case authRefused = "auth-refused"
        case serverUnavailable = "server-unavailable"
        case unknownCampaign = "unknown-campaign"
        /// `server.check_campaigns: require` and the server did not list its campaigns.
        case campaignCheckUnavailable = "campaign-check-unavailable"
        case tlsUntrusted = "tls-untrusted"
        case ledgerFailed = "ledger-failed"
        case workbookCorrupt = "workbook-corrupt"
        case workbookEncrypted = "workbook-encrypted"
        case workbookBomb = "workbook-bomb"
        case sheetNotFound = "sheet-not-found"
    }

    public var code: Code
    public var message: String
    /// The input or config file the error is about, when there is one.
    public var file: String?
    /// 1-based line in `file`, when the error is about a place in it.
    public var line: Int?

    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String {
        var location = ""
        if let file {
            location = Terminal.escaped(file)
            if let line { location += ":\(line)" }
            location += ": "
        }
        return "\(location)\(message) [\(code.rawValue)]"
    }

    /// The sysexits code the CLI exits with when this error ends a run.
    public var exitCode: Int32 {
        switch code {
        case .usage: return ExitCode.usage
        case .configInvalid: return ExitCode.config
        case .authRefused: return ExitCode.noPermission
        case .serverUnavailable, .tlsUntrusted, .campaignCheckUnavailable: return ExitCode.unavailable
        default: return ExitCode.dataError
        }
    }
}

/// The documented exit codes (sysexits.h).
public enum ExitCode {
    public static let success: Int32 = 0
    public static let usage: Int32 = 64
    public static let dataError: Int32 = 65
    public static let unavailable: Int32 = 69
    public static let noPermission: Int32 = 77
    public static let config: Int32 = 78
}
