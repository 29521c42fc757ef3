import Foundation
import Logging
import Testing
import UContactSimulator

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A quiet logger: the simulator logs every request at `.info`.
let quietLogger: Logger = {
    var logger = Logger(label: "ucontact-sim-tests")
    logger.logLevel = .warning
    return logger
}()

/// Two records of the public file format, accented text included.
let sampleFile = """
    Ventas->;099123456;nombre=Ana:saldo=10;H=0=099555555:W=0=099666666;5;
    Ventas->;099654321;nombre=José;;;

    """

/// Runs `body` with a fresh directory that is removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("ucontact-sim-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

/// Percent-encodes everything but RFC 3986 unreserved characters, as a careful client does.
func formEscape(_ text: String) -> String {
    var escaped = ""
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            escaped.append(Character(Unicode.Scalar(byte)))
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            escaped += "%" + (byte < 0x10 ? "0" : "") + hex
        }
    }
    return escaped
}

/// A form body with every name and value escaped.
func formBody(_ fields: [(String, String)]) -> String {
    fields.map { "\(formEscape($0.0))=\(formEscape($0.1))" }.joined(separator: "&")
}

/// The form fields of an upload of `content`, in form order.
func uploadFields(
    content: String = sampleFile,
    campaign: String = "Ventas->",
    cant: Int? = nil,
    filename: String = "base.txt",
    timezone: String? = nil
) -> [(String, String)] {
    let lines = content.split(separator: "\n", omittingEmptySubsequences: false)
    let count = cant ?? (content.hasSuffix("\n") ? lines.count - 1 : lines.count)
    var fields = [
        ("filename", filename),
        ("fileb64", Data(content.utf8).base64EncodedString()),
        ("campaign", campaign),
        ("cant", String(count)),
        ("username", "loader"),
    ]
    if let timezone { fields.append(("timezone", timezone)) }
    return fields
}

/// An HTTP answer as a client sees it.
struct HTTPAnswer {
    var status: Int
    var headers: [String: String]
    var body: String
}

/// A URLSession-based client for one test; every test gets its own connections.
struct SimulatorClient {
    let baseURL: URL
    let session: URLSession

    /// Runs `body` with a client whose session is invalidated afterwards.
    @discardableResult
    static func with<T>(_ baseURL: URL, _ body: (SimulatorClient) async throws -> T) async throws -> T {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 20
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        return try await body(SimulatorClient(baseURL: baseURL, session: session))
    }

    /// POSTs a raw body to a path under the base URL.
    func post(
        _ path: String,
        body: String,
        contentType: String? = "application/x-www-form-urlencoded; charset=UTF-8",
        authorization: String? = nil
    ) async throws -> HTTPAnswer {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if let authorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
        return try await send(request)
    }

    /// GETs a path under the base URL.
    func get(_ path: String) async throws -> HTTPAnswer {
        try await send(URLRequest(url: baseURL.appendingPathComponent(path)))
    }

    /// Logs in and returns the raw answer.
    func login(user: String = "loader", password: String = "secret") async throws -> HTTPAnswer {
        try await post(
            "Integra/resources/auth/getUserToken",
            body: formBody([("user", user), ("password", password)])
        )
    }

    /// Logs in and returns the session token (the last element of the JSON array).
    func token(user: String = "loader", password: String = "secret") async throws -> String {
        let answer = try await login(user: user, password: password)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [Any])
        return try #require(array.last as? String)
    }

    /// POSTs an upload form to `Dialers/<endpoint>`.
    func upload(
        _ fields: [(String, String)],
        endpoint: UploadEndpoint = .uploadBase,
        authorization: String?
    ) async throws -> HTTPAnswer {
        try await post(
            "Integra/resources/Dialers/\(endpoint.rawValue)",
            body: formBody(fields),
            authorization: authorization
        )
    }

    private func send(_ request: URLRequest) async throws -> HTTPAnswer {
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return HTTPAnswer(status: http.statusCode, headers: headers, body: String(decoding: data, as: UTF8.self))
    }
}

/// The default configuration of these tests: user `loader`/`secret`, API token `api-token-1`.
func testConfiguration(recordDirectory: URL? = nil, faults: SimulatorFaults = SimulatorFaults())
    -> SimulatorConfiguration
{
    SimulatorConfiguration(
        users: ["loader": "secret"],
        apiTokens: ["api-token-1"],
        recordDirectory: recordDirectory?.path,
        faults: faults
    )
}

/// Starts a simulator with `configuration` and hands `body` a client for it plus the simulator.
func withSimulatorClient<T>(
    _ configuration: SimulatorConfiguration,
    _ body: (SimulatorClient, Simulator) async throws -> T
) async throws -> T {
    try await withRunningSimulator(configuration, logger: quietLogger) { baseURL, simulator in
        try await SimulatorClient.with(baseURL) { client in try await body(client, simulator) }
    }
}
