import DialerIngest
import Foundation
import IngestCore
import IngestDelivery

#if canImport(Glibc)
    import Glibc
#endif

/// The folders of a watched inbox: `processing/`, `archive/` and `failed/` beside the inbox unless
/// configured. They must be on the inbox's filesystem: files move by rename(2), never by copy.
public struct InboxLayout: Sendable, Equatable {
    public var inbox: String
    public var processing: String
    public var archive: String
    public var failed: String

    /// - Throws: `config-invalid` without `watch.inbox`.
    public init(watch: IngestConfig.Watch) throws(IngestError) {
        guard let configured = watch.inbox, !configured.isEmpty else {
            throw IngestError(.configInvalid, "set watch.inbox: the folder files are dropped into")
        }
        let inbox = configured.count > 1 && configured.hasSuffix("/") ? String(configured.dropLast()) : configured
        let parent = (inbox as NSString).deletingLastPathComponent
        func beside(_ name: String) -> String { parent.isEmpty ? name : parent + "/" + name }
        self.inbox = inbox
        processing = watch.processing ?? beside("processing")
        archive = watch.archive ?? beside("archive")
        failed = watch.failed ?? beside("failed")
    }

    /// Creates the folders; `processing/` is private to the worker (mode 0700), so nobody else can swap a
    /// claimed file for a link between the worker's check and its read.
    func create() throws(IngestError) {
        guard FileStatus.of(path: inbox, followingLinks: true)?.isDirectory == true else {
            throw IngestError(.configInvalid, "the inbox is not a folder", file: inbox)
        }
        try InboxFiles.makeDirectory(processing, private: true)
        try InboxFiles.makeDirectory(archive)
        try InboxFiles.makeDirectory(failed)
    }

    /// `archive/YYYY-MM-DD` (UTC) for today.
    func archiveFolder(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return archive + "/" + formatter.string(from: now)
    }
}
