import Foundation
import Hummingbird
import Logging
import NIOCore

extension Simulator {
    /// Routes of the Integra API and of the `/_sim` control endpoints.
    func buildRouter() -> Router<SimulatorRequestContext> {
        let router = Router(context: SimulatorRequestContext.self)
        let integra = router.group("Integra/resources")
        if !configuration.acceptChunkedBodies { integra.add(middleware: LengthRequired()) }
        integra.post("auth/getUserToken") { request, _ in try await self.getUserToken(request) }
        integra.post("auth/EndSession") { request, _ in try await self.endSession(request) }
        if configuration.campaignStatus {
            integra.post("Supervisor/campaignstatus") { request, _ in try await self.campaignStatus(request) }
        }
        for endpoint in UploadEndpoint.allCases {
            integra.post("Dialers/\(endpoint.rawValue)") { request, context in
                try await self.upload(endpoint, request: request, context: context)
            }
        }
        integra.post("Dialers/RemoveContact") { request, _ in try await self.removeContact(request) }
        router.get("_sim/uploads") { _, _ in try Self.json(self.uploads.all) }
        router.get("_sim/removals") { _, _ in try Self.json(self.removals.all) }
        router.get("_sim/faults") { _, _ in try Self.json(self.faults) }
        router.post("_sim/faults") { request, _ in try await self.replaceFaults(request) }
        return router
    }

    // MARK: Session

    private func getUserToken(_ request: Request) async throws -> Response {
        let fields = try await formFields(request)
        guard let user = fields["user"], let password = fields["password"] else {
            return Self.text(.badRequest, "missing form field 'user' or 'password'")
        }
        guard let token = sessions.login(user: user, password: password) else {
            logger.info("login refused", metadata: ["sim.user": "\(user)"])
            return Self.text(.ok, "0")
        }
        logger.info("login", metadata: ["sim.user": "\(user)"])
        let encoder = JSONEncoder()
        let body = try "[{\"user\":\(encoder.encodeString(user)),\"status\":\"ok\"},\(encoder.encodeString(token))]"
        return Self.text(.ok, body, contentType: "application/json")
    }

    private func endSession(_ request: Request) async throws -> Response {
        let fields = try await formFields(request)
        guard let token = fields["token"] else { return Self.text(.badRequest, "missing form field 'token'") }
        let ended = sessions.endSession(token: token)
        logger.info("session ended", metadata: ["sim.user": "\(fields["user"] ?? "")", "sim.known": "\(ended)"])
        return Self.text(.ok, ended ? "1" : "0")
    }

    // MARK: Upload

    private func upload(
        _ endpoint: UploadEndpoint,
        request: Request,
        context: SimulatorRequestContext
    ) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: configuration.maxBodyBytes)
        return try await admitted(request, path: "Dialers/\(endpoint.rawValue)") { auth, user in
            try await accept(endpoint, body: body, request: request, auth: auth, user: user, context: context)
        }
    }

    /// What every `Dialers/` call goes through: the failure and throttling faults, the authentication (a
    /// session token's use counted), then `proceed`, then the delay fault.
    func admitted(
        _ request: Request, path: String,
        _ proceed: (_ auth: UploadAuthentication, _ user: String?) async throws -> Response
    ) async throws -> Response {
        let response: Response
        switch sessions.admitUpload(authorization: request.headers[.authorization]) {
        case .fail(let status):
            logger.info("call failed by fault", metadata: ["sim.path": "\(path)", "sim.status": "\(status)"])
            response = Self.text(HTTPResponse.Status(code: status), "simulated failure")
        case .throttle(let seconds):
            logger.info("call throttled by fault", metadata: ["sim.path": "\(path)"])
            var throttled = Self.text(.tooManyRequests, "too many requests")
            throttled.headers[.retryAfter] = String(seconds)
            response = throttled
        case .unauthorized(let reason):
            logger.info("call unauthorized", metadata: ["sim.path": "\(path)", "sim.reason": "\(reason)"])
            response = Self.text(.unauthorized, reason)
        case .proceed(let auth, let user):
            response = try await proceed(auth, user)
        }
        let delay = sessions.faults.delayMilliseconds
        if delay > 0 {
            try await Task.sleep(for: .milliseconds(delay))
        }
        return response
    }

    private func accept(
        _ endpoint: UploadEndpoint,
        body: ByteBuffer,
        request: Request,
        auth: UploadAuthentication,
        user: String?,
        context: SimulatorRequestContext
    ) async throws -> Response {
        var metadata: Logger.Metadata = ["sim.path": "\(endpoint.rawValue)", "sim.auth": "\(auth.rawValue)"]
        if let user { metadata["sim.user"] = "\(user)" }
        let upload: ValidatedUpload
        do throws(UploadRejection) {
            guard isForm(request) else {
                throw UploadRejection(reason: "Content-Type must be application/x-www-form-urlencoded")
            }
            let fields: [String: String]
            do throws(FormDecodingError) {
                fields = try FormDecoding.decode(body.readableBytesView, strict: configuration.strictFormEncoding)
            } catch {
                throw UploadRejection(reason: error.reason)
            }
            upload = try UploadValidation.validate(fields: fields, endpoint: endpoint)
        } catch {
            metadata["sim.reason"] = "\(error.reason)"
            logger.info("upload rejected", metadata: metadata)
            return Self.text(.badRequest, error.reason)
        }
        let recorded: RecordedUpload
        // Like uContact: the answer is `1` whether or not the campaign exists, and the load is silently dropped.
        let discarded = !hasCampaign(upload.campaign)
        do {
            recorded = try uploads.record(upload, auth: auth, discarded: discarded)
        } catch {
            metadata["sim.error"] = "\(error)"
            logger.error("upload not recorded", metadata: metadata)
            return Self.text(.internalServerError, "the simulator could not record the upload")
        }
        metadata["sim.seq"] = "\(recorded.seq)"
        metadata["sim.filename"] = "\(recorded.filename)"
        metadata["sim.campaign"] = "\(recorded.campaign)"
        metadata["sim.username"] = "\(recorded.username)"
        if sessions.takeDropAfterApply() {
            logger.info("upload recorded, dropping the connection", metadata: metadata)
            try? await context.channel.close()
            throw DroppedConnection()
        }
        logger.info(discarded ? "upload into an unknown campaign, discarded" : "upload recorded", metadata: metadata)
        return Self.text(.ok, "1")
    }

    // MARK: Control

    private func replaceFaults(_ request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1024 * 1024)
        let faults: SimulatorFaults
        do {
            faults = try JSONDecoder().decode(SimulatorFaults.self, from: Data(body.readableBytesView))
        } catch let error as DecodingError {
            return Self.text(.badRequest, Self.describe(error))
        }
        do {
            try setFaults(faults)
        } catch {
            return Self.text(.badRequest, error.message)
        }
        return try Self.json(faults)
    }

    // MARK: Helpers

    /// The decoded form.
    ///
    /// - Throws: ``Refusal`` (400) for another media type or a malformed form; what reading the body throws.
    func formFields(_ request: Request) async throws -> [String: String] {
        var request = request
        let body = try await request.collectBody(upTo: configuration.maxBodyBytes)
        guard isForm(request) else {
            throw Refusal(status: .badRequest, reason: "Content-Type must be application/x-www-form-urlencoded")
        }
        do throws(FormDecodingError) {
            return try FormDecoding.decode(body.readableBytesView, strict: configuration.strictFormEncoding)
        } catch {
            throw Refusal(status: .badRequest, reason: error.reason)
        }
    }

    /// A servlet only parses the body into parameters for this media type (any charset parameter is fine).
    private func isForm(_ request: Request) -> Bool {
        guard let contentType = request.headers[.contentType] else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/x-www-form-urlencoded"
    }

    static func text(_ status: HTTPResponse.Status, _ text: String, contentType: String = "text/plain; charset=utf-8")
        -> Response
    {
        Response(
            status: status,
            headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
            .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default:
            return "invalid fault JSON"
        }
    }
}

/// A request the simulator refuses, answered with a short plain-text reason.
struct Refusal: HTTPResponseError {
    let status: HTTPResponse.Status
    let reason: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Simulator.text(status, reason)
    }
}

/// Thrown after the drop-after-apply fault closed the connection, so nothing is written to it.
struct DroppedConnection: Error {}

extension JSONEncoder {
    fileprivate func encodeString(_ value: String) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }
}
