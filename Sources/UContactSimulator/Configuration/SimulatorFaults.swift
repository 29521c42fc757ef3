/// Faults the simulator injects into its answers.
///
/// Each counted fault ("the first N") counts only the requests it applies to, from the moment the fault set
/// was installed: installing a new set restarts every count. Upload faults apply to `Dialers/uploadbase` and
/// `Dialers/uploadbasewithtimezone` and are checked in this order: `failFirst`, `throttleFirst`, then
/// authentication (`tokenUses`), validation, recording, `dropAfterApply`, and finally `delayMilliseconds`.
/// `Dialers/RemoveContact` counts as an upload for all of them but `dropAfterApply`.
///
/// As JSON (`POST /_sim/faults`) every key is optional and an unknown key is an error naming it:
/// `{"failFirst":2,"failStatus":503,"throttleFirst":0,"retryAfterSeconds":1,"delayMilliseconds":0,
///   "dropAfterApply":0,"refuseLogin":false,"tokenUses":null,"refuseLoginsAfter":null}`.
public struct SimulatorFaults: Sendable, Equatable {
    /// Answer the first N upload requests with `failStatus` (before authentication).
    public var failFirst: Int
    /// Status for `failFirst`, e.g. 500 or 503.
    public var failStatus: Int
    /// Answer the next N upload requests (after `failFirst`) with 429 and `Retry-After`.
    public var throttleFirst: Int
    /// Seconds sent in `Retry-After` with a 429.
    public var retryAfterSeconds: Int
    /// Wait this long before sending any upload answer; the upload itself is applied before the wait.
    public var delayMilliseconds: Int
    /// Record the first N accepted uploads, then close the connection without sending a response.
    public var dropAfterApply: Int
    /// Answer every login with `0`, as for bad credentials.
    public var refuseLogin: Bool
    /// Let the first N logins in and answer the later ones with `0` (a password changed mid-run).
    public var refuseLoginsAfter: Int?
    /// A session token works for N upload requests; the next one gets 401 and the token is gone.
    public var tokenUses: Int?

    /// Creates a fault set; the defaults inject nothing.
    public init(
        failFirst: Int = 0,
        failStatus: Int = 503,
        throttleFirst: Int = 0,
        retryAfterSeconds: Int = 1,
        delayMilliseconds: Int = 0,
        dropAfterApply: Int = 0,
        refuseLogin: Bool = false,
        tokenUses: Int? = nil,
        refuseLoginsAfter: Int? = nil
    ) {
        self.failFirst = failFirst
        self.failStatus = failStatus
        self.throttleFirst = throttleFirst
        self.retryAfterSeconds = retryAfterSeconds
        self.delayMilliseconds = delayMilliseconds
        self.dropAfterApply = dropAfterApply
        self.refuseLogin = refuseLogin
        self.tokenUses = tokenUses
        self.refuseLoginsAfter = refuseLoginsAfter
    }

    /// Why this fault set cannot be used, or nil when it can.
    public var problem: String? {
        if failFirst < 0 || throttleFirst < 0 || dropAfterApply < 0 || delayMilliseconds < 0 {
            return "fault counts and delays cannot be negative"
        }
        if !(400...599).contains(failStatus) {
            return "failStatus must be an HTTP error status (400-599)"
        }
        if retryAfterSeconds < 0 {
            return "retryAfterSeconds cannot be negative"
        }
        if let tokenUses, tokenUses < 1 {
            return "tokenUses must be at least 1"
        }
        if let refuseLoginsAfter, refuseLoginsAfter < 0 {
            return "refuseLoginsAfter cannot be negative"
        }
        return nil
    }
}
