import Foundation
import Synchronization

/// The answer to "may this upload request go on?" before it is parsed.
enum UploadGate: Equatable {
    /// Go on; the request authenticated this way.
    case proceed(UploadAuthentication, user: String?)
    /// Answer with this status (fail-first fault).
    case fail(status: Int)
    /// Answer 429 with `Retry-After`.
    case throttle(retryAfterSeconds: Int)
    /// Answer 401 with this reason.
    case unauthorized(String)
}

/// Session tokens and fault counters, shared by every request of one simulator.
final class SessionsAndFaults: Sendable {
    private struct Session {
        var user: String
        var uses = 0
    }

    private struct State {
        var sessions: [String: Session] = [:]
        var faults: SimulatorFaults
        var failed = 0
        var throttled = 0
        var dropped = 0
        var logins = 0
    }

    private let users: [String: String]
    private let apiTokens: Set<String>
    private let state: Mutex<State>

    init(users: [String: String], apiTokens: Set<String>, faults: SimulatorFaults) {
        self.users = users
        self.apiTokens = apiTokens
        self.state = Mutex(State(faults: faults))
    }

    var faults: SimulatorFaults { state.withLock { $0.faults } }

    /// Installs a new fault set and restarts every fault count.
    func replaceFaults(_ faults: SimulatorFaults) {
        state.withLock { state in
            state.faults = faults
            state.failed = 0
            state.throttled = 0
            state.dropped = 0
            state.logins = 0
        }
    }

    /// A new session token for valid credentials, nil when they are wrong or logins are refused.
    func login(user: String, password: String) -> String? {
        guard users[user] == password else { return nil }
        return state.withLock { state -> String? in
            guard !state.faults.refuseLogin else { return nil }
            if let limit = state.faults.refuseLoginsAfter, state.logins >= limit { return nil }
            state.logins += 1
            let token = Self.makeToken()
            state.sessions[token] = Session(user: user)
            return token
        }
    }

    /// Forgets a session token; false when it was not known.
    func endSession(token: String) -> Bool {
        state.withLock { $0.sessions.removeValue(forKey: token) != nil }
    }

    /// Applies the pre-parse faults, then authenticates, counting a session token's uses.
    func admitUpload(authorization: String?) -> UploadGate {
        state.withLock { state in
            if state.failed < state.faults.failFirst {
                state.failed += 1
                return .fail(status: state.faults.failStatus)
            }
            if state.throttled < state.faults.throttleFirst {
                state.throttled += 1
                return .throttle(retryAfterSeconds: state.faults.retryAfterSeconds)
            }
            return authenticate(authorization, in: &state, countingUse: true)
        }
    }

    /// Authenticates a call other than an upload: no faults, and a session token's use is not counted.
    func admitQuery(authorization: String?) -> UploadGate {
        state.withLock { authenticate(authorization, in: &$0, countingUse: false) }
    }

    private func authenticate(_ authorization: String?, in state: inout State, countingUse: Bool) -> UploadGate {
        guard let authorization else { return .unauthorized("missing Authorization header") }
        let parts = authorization.trimmingCharacters(in: .whitespaces).split(
            separator: " ",
            maxSplits: 1,
            omittingEmptySubsequences: true
        )
        guard parts.count == 2 else { return .unauthorized("malformed Authorization header") }
        let credential = parts[1].trimmingCharacters(in: .whitespaces)
        switch parts[0].lowercased() {
        case "bearer":
            return apiTokens.contains(credential) ? .proceed(.bearer, user: nil) : .unauthorized("unknown API token")
        case "basic":
            guard var session = state.sessions[credential] else {
                return .unauthorized("unknown or ended session token")
            }
            guard countingUse else { return .proceed(.session, user: session.user) }
            if let limit = state.faults.tokenUses, session.uses >= limit {
                state.sessions[credential] = nil
                return .unauthorized("session token expired")
            }
            session.uses += 1
            state.sessions[credential] = session
            return .proceed(.session, user: session.user)
        default:
            return .unauthorized("unsupported Authorization scheme")
        }
    }

    /// Whether this accepted upload's connection should be dropped instead of answered (counts it).
    func takeDropAfterApply() -> Bool {
        state.withLock { state in
            guard state.dropped < state.faults.dropAfterApply else { return false }
            state.dropped += 1
            return true
        }
    }

    /// 24 random bytes in standard base64, like the opaque tokens uContact hands out.
    private static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
    }
}
