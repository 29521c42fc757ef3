import AsyncHTTPClient
import Foundation
import IngestCore
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Talks to uContact's Integra endpoints: login, one upload attempt at a time, end of session.
/// Secrets never reach a log line or an error message.
package final class IntegraClient: Sendable {
    let http: HTTPClient
    let base: String
    let credentials: Credentials
    let logger: Logger
    let timeout: TimeAmount
    private let token = Mutex<String?>(nil)

    package init(
        http: HTTPClient, base: String, credentials: Credentials, logger: Logger, timeout: TimeAmount = .seconds(120)
    ) {
        self.http = http
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.credentials = credentials
        self.logger = logger
        self.timeout = timeout
    }

    /// The `Authorization` header value, logging in first when the session has none.
    /// - Throws: `IngestError` `.authRefused` (exit 77) or `.serverUnavailable` (exit 69).
    func authorization() async throws(IngestError) -> String {
        switch credentials {
        case .bearer(let token):
            return "Bearer \(token)"
        case .session:
            if let current = token.withLock({ $0 }) { return "Basic \(current)" }
            let fresh = try await login()
            token.withLock { $0 = fresh }
            return "Basic \(fresh)"
        }
    }

    /// Forgets the session token (after a 401), so the next call logs in again.
    func dropSession() {
        token.withLock { $0 = nil }
    }

    private func login() async throws(IngestError) -> String {
        guard case .session(let user, let password) = credentials else { return "" }
        let body = "user=\(FormBody.encode(user))&password=\(FormBody.encode(password))"
        let (status, text) = try await post("auth/getUserToken", body: body, authorization: nil)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed == "0" {
            throw IngestError(.authRefused, "uContact refused the login for user \(Terminal.escaped(user))")
        }
        guard (200..<300).contains(status),
            let array = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [Any],
            let token = (array.last as? String)?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty
        else {
            throw IngestError(.serverUnavailable, "unexpected answer to the login (HTTP \(status))")
        }
        logger.info("logged in", metadata: ["ingest.user": "\(Terminal.escaped(user))"])
        return token
    }

    /// Ends the session; a failure is only a warning.
    package func endSession() async {
        guard case .session(let user, _) = credentials, let current = token.withLock({ $0 }) else { return }
        let body = "user=\(FormBody.encode(user))&token=\(FormBody.encode(current))"
        do {
            _ = try await post("auth/EndSession", body: body, authorization: "Basic \(current)")
        } catch {
            logger.warning("could not end the uContact session", metadata: ["ingest.error": "\(error.code.rawValue)"])
        }
        token.withLock { $0 = nil }
    }

    /// The server's campaigns from `Supervisor/campaignstatus` (form `queue` empty: every campaign), or why
    /// the server did not list them (no such call, forbidden, not the vendor's JSON).
    /// - Throws: `IngestError` `.authRefused` or `.serverUnavailable` when the server cannot be reached at all.
    package func campaigns() async throws(IngestError) -> CampaignListing {
        var (status, text) = try await post(
            "Supervisor/campaignstatus", body: "queue=", authorization: try await authorization())
        if status == 401, case .session = credentials {
            dropSession()  // an expired session: log in again once
            (status, text) = try await post(
                "Supervisor/campaignstatus", body: "queue=", authorization: try await authorization())
        }
        guard (200..<300).contains(status) else { return .unavailable("HTTP \(status)") }
        return CampaignListing.parse(Data(text.utf8))
    }

    /// One attempt to upload `chunk`; never throws: what happened is in the result.
    func upload(_ chunk: SpooledChunk, authorization: String, username: String) async -> AttemptResult {
        var fields = [
            FormBodySequence.Field(name: "filename", value: chunk.filename),
            FormBodySequence.Field(name: "campaign", value: chunk.campaign),
            FormBodySequence.Field(name: "cant", value: String(chunk.rows)),
            FormBodySequence.Field(name: "username", value: username),
        ]
        if let zone = chunk.timezone { fields.append(FormBodySequence.Field(name: "timezone", value: zone)) }
        let completion = BodyCompletion()
        var request = HTTPClientRequest(url: "\(base)/Integra/resources/Dialers/\(chunk.endpoint)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=UTF-8")
        request.headers.add(name: "Authorization", value: authorization)
        let length: Int
        do {
            length = try FormBody.length(fields: fields.map { ($0.name, $0.value) }, filePath: chunk.path)
        } catch {
            return .localFailure(
                "cannot read the spooled chunk \(Terminal.escaped(chunk.path)) (\(IngestError.describe(error)))")
        }
        // A known length: the client sends `Content-Length`, never `Transfer-Encoding: chunked`.
        request.body = .stream(
            FormBodySequence(fields: fields, filePath: chunk.path, completion: completion),
            length: .known(Int64(length)))
        do {
            let response = try await http.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 64 * 1024)
            return .response(
                status: Int(response.status.code), body: redacted(String(buffer: body)),
                retryAfter: RetryAfter.parse(response.headers.first(name: "Retry-After")))
        } catch {
            let reason = Self.describe(error)
            return completion.isSent ? .outcomeUnknown(reason) : .notSent(reason)
        }
    }

    /// One attempt to take `number` out of `campaign`'s dialer base (`Dialers/RemoveContact`); never throws.
    /// The call is safe to repeat, so a transport error of any kind is only a reason to try again.
    func removeContact(campaign: String, number: String, authorization: String) async -> AttemptResult {
        let body = "campaign=\(FormBody.encode(campaign))&number=\(FormBody.encode(number))"
        var request = HTTPClientRequest(url: "\(base)/Integra/resources/Dialers/RemoveContact")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=UTF-8")
        request.headers.add(name: "Authorization", value: authorization)
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await http.execute(request, timeout: timeout)
            let text = try await response.body.collect(upTo: 64 * 1024)
            return .response(
                status: Int(response.status.code), body: redacted(String(buffer: text)),
                retryAfter: RetryAfter.parse(response.headers.first(name: "Retry-After")))
        } catch {
            return .notSent(Self.describe(error))
        }
    }

    private func post(_ path: String, body: String, authorization: String?) async throws(IngestError) -> (Int, String) {
        var request = HTTPClientRequest(url: "\(base)/Integra/resources/\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=UTF-8")
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await http.execute(request, timeout: timeout)
            let text = try await response.body.collect(upTo: 1024 * 1024)
            return (Int(response.status.code), String(buffer: text))
        } catch {
            if TrustedCAs.isCertificateFailure(error) {
                throw IngestError(.tlsUntrusted, TrustedCAs.untrustedMessage)
            }
            throw IngestError(.serverUnavailable, "cannot reach uContact: \(Self.describe(error))")
        }
    }

    /// `text` from the server with our secrets (password, tokens) replaced: an answer is kept in the report
    /// and the ledger, and a server or proxy that echoes the request would otherwise put them there.
    func redacted(_ text: String) -> String {
        var secrets: [String] = []
        switch credentials {
        case .bearer(let token): secrets.append(token)
        case .session(_, let password): secrets.append(password)
        }
        if let current = token.withLock({ $0 }) { secrets.append(current) }
        return Self.redact(text, secrets: secrets)
    }

    /// `text` with every secret, and its form-encoded spelling, replaced by `[redacted]`; secrets under four
    /// characters are left (they would blot out ordinary text).
    static func redact(_ text: String, secrets: [String]) -> String {
        var out = text
        // Longest first, so a secret containing another is replaced whole.
        for secret in secrets.sorted(by: { $0.count > $1.count }) where secret.count >= 4 {
            out = out.replacingOccurrences(of: secret, with: "[redacted]")
            let encoded = FormBody.encode(secret)
            if encoded != secret { out = out.replacingOccurrences(of: encoded, with: "[redacted]") }
        }
        return out
    }

    /// A short reason for a transport error, without URLs (they could carry credentials).
    package static func describe(_ error: any Error) -> String {
        if TrustedCAs.isCertificateFailure(error) { return TrustedCAs.untrustedMessage }
        if let error = error as? HTTPClientError { return "HTTP client: \(error.shortDescription)" }
        return "connection error (\(String(describing: type(of: error))))"
    }
}
