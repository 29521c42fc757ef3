import Foundation
import PhoneNumbers

/// Everything a run needs to know, with the defaults a first run should have.
///
/// Loading and validation live apart: `IngestConfig+YAML.swift` (and `IngestConfig+Watch.swift` for `watch:`).
public struct IngestConfig: Sendable, Equatable {
    public var server = Server()
    public var upload = Upload()
    public var limits = Limits()
    public var input = Input()
    public var dedupe = Dedupe()
    /// What a run does with a file's valid numbers.
    public var mode = LoadMode.load
    /// Do-not-call lists: a row whose number is on one in scope is rejected `suppressed`.
    public var suppression: [SuppressionList] = []
    /// Ledger and spool; a per-user default when nil.
    public var stateDirectory: String?

    /// Where the ledger and the spool live: `state_dir`, else `$XDG_STATE_HOME/dialer-ingest`, else
    /// `~/.local/state/dialer-ingest`.
    package var effectiveStateDirectory: String {
        if let stateDirectory { return stateDirectory }
        let environment = ProcessInfo.processInfo.environment
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/dialer-ingest" }
        return NSHomeDirectory() + "/.local/state/dialer-ingest"
    }
    public var timezones = Timezones()
    public var watch = Watch()
    /// The campaign of rows that carry none (`Ventas->`).
    public var campaign: String?
    /// The zone of rows that carry none; when set, groups go to `uploadbasewithtimezone`.
    public var timezone: String?
    public var phone = Phone()
    /// Explicit column roles; nil means auto-detection from the header.
    public var columns: Columns?

    public init() {}

    public struct Server: Sendable, Equatable {
        public var url: String?
        public var userFile: String?
        public var passwordFile: String?
        public var tokenFile: String?
        /// PEM bundle of the CAs that may sign the server's certificate (a private CA, a self-signed server);
        /// nil trusts the system's CAs. Verification is never turned off.
        public var caFile: String?
        /// Whether a run checks its campaigns against `Supervisor/campaignstatus` before loading into them.
        public var checkCampaigns = CampaignCheckMode.auto
        public init() {}
    }

    /// How the campaign pre-flight treats a server that does not answer `Supervisor/campaignstatus`.
    public enum CampaignCheckMode: String, Sendable, Equatable, CaseIterable {
        /// Check where the server answers; warn once and load where it does not (404, not JSON, forbidden).
        case auto
        /// Check, and stop the run (exit 69) where the server does not answer.
        case require
        /// Never ask.
        case off
    }

    public struct Upload: Sendable, Equatable {
        /// The `username` form field: the uContact user the base is loaded as.
        public var username: String?
        /// At most this many lines per chunk.
        public var chunkRows = 50_000
        /// At most this many bytes of decoded base text per chunk (base64 adds a third on the wire).
        public var chunkBytes = 8 * 1024 * 1024
        public var concurrency = 2
        /// Tries per chunk, and the backoff between them.
        public var retry = RetryPolicy()
        /// One request may take this long before its outcome counts as unknown.
        public var timeoutSeconds = 120
        /// After this many chunks in a row failed for good, the run stops sending.
        public var maxConsecutiveFailures = 3
        public init() {}
    }

    public struct Limits: Sendable, Equatable {
        /// Above this share of rejected rows the whole file fails and nothing of it is sent.
        public var maxRejectRatio = 0.5
        /// A longer record (a runaway quote, a binary blob) is a file error, not a memory blow-up.
        public var maxRecordBytes = 1024 * 1024
        /// Decompressed bytes per compressed byte above which a gzip input is treated as a bomb.
        public var maxGzipRatio = 1000
        /// The same for each part of an .xlsx workbook (sheet XML rarely passes 100:1; deflate tops out near 1030:1).
        public var maxZipRatio = 200
        /// Unique numbers the duplicate check holds in memory (16–32 bytes each); past it the run defers the
        /// check to the end of each file with its keys on disk, so memory stays flat for any input size.
        /// 250,000 keys fit a table of 2^19 slots (4 MB; 6 MB while it grows from 2 MB).
        public var duplicateKeysInMemory = 250_000
        public init() {}
    }

    /// Which earlier loads make a number a duplicate (see `docs/MANUAL.md`, "Dedupe").
    public struct Dedupe: Sendable, Equatable {
        public var scope = DedupeScope.campaign
        /// How far back, in days, a load counts (fractions allowed). The default, half a day, catches two
        /// files of the same night without refusing the next night's reload of the same list.
        public var windowDays = 0.5
        public init() {}
    }

    /// What a run does with a file's valid numbers.
    public enum LoadMode: String, Sendable, Equatable, CaseIterable {
        /// Upload them (the dedupe windows decide which).
        case load
        /// Take each of them out of its campaign (`Dialers/RemoveContact`); nothing is uploaded.
        case remove
        /// Make each campaign of the file hold what the file holds: upload its new numbers, and remove the
        /// numbers the ledger has as loaded into the campaign within the window that the file no longer has.
        case replace
    }

    /// A do-not-call list (`suppression:` entry): a file of numbers read like a lead file.
    public struct SuppressionList: Sendable, Equatable {
        public var path: String
        /// The campaign it covers; nil covers every campaign (`scope: all`).
        public var campaign: String?
        /// Older than this (by its modification time), the list stops the runs of the campaigns it covers.
        public var maxAgeDays: Double
        /// The column of numbers; found like a lead file's number column when nil.
        public var column: String?
        public init(path: String, campaign: String? = nil, maxAgeDays: Double, column: String? = nil) {
            self.path = path
            self.campaign = campaign
            self.maxAgeDays = maxAgeDays
            self.column = column
        }
    }

    /// What a number is checked against, besides the rest of its run.
    public enum DedupeScope: String, Sendable, Equatable, CaseIterable {
        /// Only the run's own rows (and what this very file already loaded: a resume never resends).
        case run
        /// Loads into the same campaign within the window.
        case campaign
        /// Loads into any campaign within the window.
        case all
    }

    public struct Input: Sendable, Equatable {
        /// One of `,` `;` `\t` `|`; sniffed from the first lines when nil.
        public var delimiter: UInt8?
        /// Force an encoding instead of detecting it.
        public var encoding: TextEncoding?
        /// The sheet of an .xlsx workbook to read; the first visible sheet when nil.
        public var sheet: String?
        public init() {}
    }

    public struct Timezones: Sendable, Equatable {
        /// When set, only these zones are accepted.
        public var allowed: [String]?
        public init() {}
    }

    public struct Phone: Sendable, Equatable {
        public var defaultRegion = "UY"
        public var format = PhoneFormat.national
        /// When set, numbers of other types are rejected `wrong-number-type`.
        public var allowedTypes: Set<PhoneNumberType>?
        public init() {}
    }

    /// Column roles, by header name (matched ignoring case, accents and surrounding spaces).
    public struct Columns: Sendable, Equatable {
        public var number: String?
        public var alternatives: [Alternative]?
        /// uContact key and source column, in output order; nil means every column without a role.
        public var vars: [Variable]?
        public var priority: String?
        public var agentphone: String?
        public var campaign: String?
        public var timezone: String?
        public init() {}
    }

    public struct Alternative: Sendable, Equatable {
        public var column: String
        /// uContact alternative type (M, W, H, P, U); typed alternatives are written `TYPE=0=NUMBER`.
        public var type: String?
        public init(column: String, type: String? = nil) {
            self.column = column
            self.type = type
        }
    }

    public struct Variable: Sendable, Equatable {
        public var key: String
        public var column: String
        public init(key: String, column: String) {
            self.key = key
            self.column = column
        }
    }
}
