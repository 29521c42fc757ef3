/// How a simulator listens, whom it lets in, where it records uploads and which faults it injects.
///
/// The defaults suit a demo: `127.0.0.1`, an ephemeral port, user `demo` with password `demo`, no API
/// tokens, the demo campaigns, uploads kept in memory only, chunked request bodies refused, no faults.
public struct SimulatorConfiguration: Sendable {
    /// Address to bind.
    public var host: String
    /// Port to bind; 0 asks the system for a free port (read it back from ``Simulator/run(onListening:)``).
    public var port: Int
    /// Session logins accepted by `auth/getUserToken`, user name to password.
    public var users: [String: String]
    /// Long-lived API tokens accepted as `Authorization: Bearer <token>`.
    public var apiTokens: Set<String>
    /// Directory receiving each accepted upload (decoded) and `uploads.jsonl`; nil keeps uploads in memory only.
    public var recordDirectory: String?
    /// Rejects form bodies with characters a careful encoder escapes (`/`, `=` inside a value, `;`, `>`...).
    ///
    /// A Java servlet only corrupts an unescaped `+` (it becomes a space); an unescaped `/` or `=` reaches it
    /// intact. Strict mode makes those client bugs visible too. Turn it off to behave exactly like the servlet.
    public var strictFormEncoding: Bool
    /// Largest request body accepted, in bytes; larger bodies get 413.
    public var maxBodyBytes: Int
    /// Decoded files kept in memory for ``Simulator/uploads``, newest first, up to this many bytes in all (the
    /// newest upload's is always kept); older uploads keep their metadata and drop their content. A
    /// simulator left running under nightly loads stays this size instead of growing by every byte it took.
    /// The record directory keeps every file whatever this is.
    public var keptContentBytes: Int
    /// Serve HTTPS with this certificate; nil serves plain HTTP.
    public var tls: SimulatorTLS?
    /// The campaigns the server has: `Supervisor/campaignstatus` lists them, and an upload into any other is
    /// answered `1` and dropped, as uContact does (its load is asynchronous), recorded with `dropped`.
    public var campaigns: [String]
    /// Whether `Supervisor/campaignstatus` exists; false answers it 404, like a server without that call.
    public var campaignStatus: Bool
    /// Reads request bodies sent with `Transfer-Encoding: chunked`. Off by default: servers behind HTTP/1.0-era
    /// proxies, several WAFs and load balancers read a body by its `Content-Length` or answer 411.
    public var acceptChunkedBodies: Bool
    /// Faults injected from the start; replaceable at runtime (``Simulator/setFaults(_:)``, `POST /_sim/faults`).
    public var faults: SimulatorFaults

    /// Creates a configuration; every parameter has a demo-friendly default.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        users: [String: String] = ["demo": "demo"],
        apiTokens: Set<String> = [],
        recordDirectory: String? = nil,
        strictFormEncoding: Bool = true,
        maxBodyBytes: Int = 64 * 1024 * 1024,
        keptContentBytes: Int = 256 * 1024 * 1024,
        campaigns: [String] = SimulatorConfiguration.demoCampaigns,
        campaignStatus: Bool = true,
        acceptChunkedBodies: Bool = false,
        faults: SimulatorFaults = SimulatorFaults(),
        tls: SimulatorTLS? = nil
    ) {
        self.host = host
        self.port = port
        self.users = users
        self.apiTokens = apiTokens
        self.recordDirectory = recordDirectory
        self.strictFormEncoding = strictFormEncoding
        self.maxBodyBytes = maxBodyBytes
        self.keptContentBytes = keptContentBytes
        self.campaigns = campaigns
        self.campaignStatus = campaignStatus
        self.acceptChunkedBodies = acceptChunkedBodies
        self.faults = faults
        self.tls = tls
    }

    /// The campaigns of a demo server: the fixtures' two outbound campaigns and an inbound one.
    public static let demoCampaigns = ["Ventas->", "Cobranza->", "Ventas<-"]
}
