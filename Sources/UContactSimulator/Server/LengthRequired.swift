import Hummingbird

/// Refuses a request body without an exact `Content-Length` with 411, before any route sees it.
///
/// Servers behind HTTP/1.0-era proxies, several WAFs and load balancers read a body by its `Content-Length`
/// and either answer 411 to `Transfer-Encoding: chunked` or read nothing. A simulator that accepted chunked
/// bodies let a client bug through that every such server exposes, so the strict answer is the default.
struct LengthRequired<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let reason = Self.refusal(request) {
            return Simulator.text(.init(code: 411, reasonPhrase: "Length Required"), reason)
        }
        return try await next(request, context)
    }

    /// Why the request's body framing is refused, or nil when it carries an exact length.
    static func refusal(_ request: Request) -> String? {
        if let coding = request.headers[.transferEncoding] {
            return "Length Required: this server reads request bodies by Content-Length, not Transfer-Encoding "
                + coding
        }
        guard request.method == .post || request.method == .put else { return nil }
        guard let length = request.headers[.contentLength], Int(length) != nil else {
            return "Length Required: a request body needs a Content-Length"
        }
        return nil
    }
}
