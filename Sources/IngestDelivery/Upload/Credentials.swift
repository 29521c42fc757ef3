import Foundation
import IngestCore

/// How the tool proves who it is to uContact. Never printed: `description` hides the secret.
public enum Credentials: Sendable, CustomStringConvertible {
    /// `auth/getUserToken` with a user and password, then `Authorization: Basic <session token>`.
    case session(user: String, password: String)
    /// A long-lived portal API token: `Authorization: Bearer <token>`.
    case bearer(token: String)

    public var description: String {
        switch self {
        case .session(let user, _): return "session login as \(Terminal.escaped(user))"
        case .bearer: return "bearer token"
        }
    }

    /// From `UCONTACT_TOKEN`, or `UCONTACT_USER` + `UCONTACT_PASSWORD`; or from the files the config names.
    /// - Throws: `config-invalid` when none are given, or a credentials file can be read by others.
    public static func resolve(
        server: IngestConfig.Server, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(IngestError) -> Credentials {
        if let file = server.tokenFile { return .bearer(token: try secret(fromFile: file)) }
        if let token = environment["UCONTACT_TOKEN"], !token.isEmpty { return .bearer(token: token) }
        let user =
            try server.userFile.map { (file) throws(IngestError) in try secret(fromFile: file) }
            ?? environment["UCONTACT_USER"]
        let password =
            try server.passwordFile.map { (file) throws(IngestError) in try secret(fromFile: file) }
            ?? environment["UCONTACT_PASSWORD"]
        guard let user, !user.isEmpty, let password, !password.isEmpty else {
            throw IngestError(
                .configInvalid,
                "no credentials: set UCONTACT_TOKEN, or UCONTACT_USER and UCONTACT_PASSWORD "
                    + "(or server.token_file / user_file / password_file)")
        }
        return .session(user: user, password: password)
    }

    /// Reads a secret from a file that only its owner may read (mode 0600 or stricter).
    static func secret(fromFile path: String) throws(IngestError) -> String {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw IngestError(.configInvalid, "cannot read the credentials file", file: path, cause: error)
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        guard mode & 0o077 == 0 else {
            throw IngestError(
                .configInvalid,
                "the credentials file can be read by others (mode \(String(mode, radix: 8))): chmod 600 it",
                file: path)
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw IngestError(.configInvalid, "cannot read the credentials file", file: path)
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
