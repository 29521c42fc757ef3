import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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
        /// A do-not-call list older than its `max_age_days`: the campaigns it covers load nothing.
        case suppressionStale = "suppression-stale"
        /// A do-not-call list that is missing or cannot be read as a list of numbers: as for a stale one.
        case suppressionUnreadable = "suppression-unreadable"
        /// A failure the tool did not foresee (a bug): the file fails, the run goes on.
        case internalError = "internal"
    }

    public var code: Code
    public var message: String
    /// The input or config file the error is about, when there is one.
    public var file: String?
    /// 1-based line in `file`, when the error is about a place in it.
    public var line: Int?
    /// What the system or a library said underneath, in short (`ENOSPC: No space left on device`): a full
    /// disk and a missing permission read differently.
    public var cause: String?

    /// - Parameter cause: the underlying error, described by ``describe(_:)``.
    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.cause = cause.map(Self.describe)
    }

    /// A short account of an underlying error: the errno name and text for a system call's failure, found
    /// through Foundation's wrappers (`EACCES: Permission denied`), else the error's own description.
    public static func describe(_ error: any Error) -> String {
        var current = error as NSError
        for _ in 0..<4 {
            if current.domain == NSPOSIXErrorDomain { return Self.errno(Int32(current.code)) }
            guard let underlying = current.userInfo[NSUnderlyingErrorKey] as? any Error else { break }
            current = underlying as NSError
        }
        if let posix = error as? POSIXError { return Self.errno(posix.code.rawValue) }
        // Foundation's own errors print their whole user info; their sentence is enough.
        let bridged = error as NSError
        if bridged.domain == NSCocoaErrorDomain { return Terminal.escaped(bridged.localizedDescription) }
        return Terminal.escaped(String(describing: error))
    }

    /// `NAME: text` for an errno value.
    public static func errno(_ value: Int32) -> String {
        let names: [Int32: String] = [
            EPERM: "EPERM", ENOENT: "ENOENT", EIO: "EIO", EACCES: "EACCES", EEXIST: "EEXIST", ENOTDIR: "ENOTDIR",
            EISDIR: "EISDIR", EMFILE: "EMFILE", ENFILE: "ENFILE", ENOSPC: "ENOSPC", EROFS: "EROFS", EDQUOT: "EDQUOT",
            ELOOP: "ELOOP", ENAMETOOLONG: "ENAMETOOLONG", EBUSY: "EBUSY", EXDEV: "EXDEV",
        ]
        return "\(names[value] ?? "errno \(value)"): \(String(cString: strerror(value)))"
    }

    public var description: String {
        var location = ""
        if let file {
            location = Terminal.escaped(file)
            if let line { location += ":\(line)" }
            location += ": "
        }
        let because = cause.map { " (\($0))" } ?? ""
        return "\(location)\(message)\(because) [\(code.rawValue)]"
    }

    /// The sysexits code the CLI exits with when this error ends a run.
    public var exitCode: Int32 {
        switch code {
        case .usage: return ExitCode.usage
        case .configInvalid, .suppressionStale, .suppressionUnreadable: return ExitCode.config
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
