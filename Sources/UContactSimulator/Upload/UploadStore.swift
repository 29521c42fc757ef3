import Foundation
import Synchronization

/// The uploads a simulator accepted, in memory and, when configured, in a record directory.
///
/// In memory every upload keeps its metadata; the decoded files are kept newest first up to `keptContentBytes`
/// (the newest always), older ones are dropped, so a long-running simulator does not grow with what it took.
///
/// The record directory gets each decoded file as `<6-digit seq>-<filename>` (the name made safe for a file
/// system) and one JSON line per upload in `uploads.jsonl`. Numbering continues after the lines already there,
/// so restarting on the same directory never overwrites a record.
public final class UploadStore: Sendable {
    /// Where records are written, if anywhere.
    public let recordDirectory: URL?

    /// Bytes of decoded files kept in memory, at most (besides the newest upload's).
    public let keptContentBytes: Int

    private struct State {
        var uploads: [RecordedUpload] = []
        var nextSeq = 1
        /// The oldest upload whose content is still kept, and the bytes kept from there on.
        var firstKept = 0
        var keptBytes = 0

        mutating func dropOldContent(over budget: Int) {
            while keptBytes > budget && firstKept < uploads.count - 1 {
                keptBytes -= uploads[firstKept].content.count
                uploads[firstKept].content = []
                uploads[firstKept].contentKept = false
                firstKept += 1
            }
        }
    }

    /// Writes happen while holding the lock so `uploads.jsonl` keeps `seq` order; a simulator can afford it.
    private let state: Mutex<State>

    /// Opens (creating if needed) the record directory.
    ///
    /// - Throws: ``SimulatorError`` when the directory cannot be created or its `uploads.jsonl` read.
    init(recordDirectory: String?, keptContentBytes: Int = 256 << 20) throws(SimulatorError) {
        self.keptContentBytes = keptContentBytes
        var initial = State()
        if let path = recordDirectory {
            let directory = URL(fileURLWithPath: path, isDirectory: true)
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                let journal = directory.appendingPathComponent(Self.journalName)
                if FileManager.default.fileExists(atPath: journal.path) {
                    let existing = try Data(contentsOf: journal)
                    initial.nextSeq = existing.split(separator: UInt8(ascii: "\n")).count + 1
                }
            } catch {
                throw SimulatorError(code: .recordDirectory, message: "cannot use the record directory", cause: error)
            }
            self.recordDirectory = directory
        } else {
            self.recordDirectory = nil
        }
        self.state = Mutex(initial)
    }

    /// Name of the journal file in the record directory.
    public static let journalName = "uploads.jsonl"

    /// Every accepted upload, oldest first.
    public var all: [RecordedUpload] { state.withLock { $0.uploads } }

    /// Number of accepted uploads.
    public var count: Int { state.withLock { $0.uploads.count } }

    /// Numbers the upload (`discarded`: into a campaign the server lacks), writes it to the record directory, then keeps it in memory.
    ///
    /// - Throws: ``SimulatorError`` when a record file cannot be written; the upload is then not kept.
    func record(_ upload: ValidatedUpload, auth: UploadAuthentication, discarded: Bool = false) throws(SimulatorError)
        -> RecordedUpload
    {
        try state.withLock { state throws(SimulatorError) in
            let recorded = RecordedUpload(
                seq: state.nextSeq,
                endpoint: upload.endpoint,
                filename: upload.filename,
                campaign: upload.campaign,
                timezone: upload.timezone,
                cant: upload.cant,
                bytes: upload.content.count,
                username: upload.username,
                auth: auth,
                content: upload.content,
                discarded: discarded
            )
            if let recordDirectory {
                try write(recorded, to: recordDirectory)
            }
            state.uploads.append(recorded)
            state.keptBytes += recorded.content.count
            state.dropOldContent(over: keptContentBytes)
            state.nextSeq += 1
            return recorded
        }
    }

    /// File name of an upload's record: sequence number, then the filename with anything unusual replaced by `_`.
    public static func recordFileName(seq: Int, filename: String) -> String {
        let safe = String(
            filename.unicodeScalars.prefix(200).map { scalar -> Character in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", ".", "-", "_": Character(scalar)
                default: "_"
                }
            }
        )
        let number = String(seq)
        let padded = String(repeating: "0", count: max(0, 6 - number.count)) + number
        // A leading dot would hide the file; "." and ".." are covered as well.
        return "\(padded)-\(safe.hasPrefix(".") ? "_" + safe.dropFirst() : safe)"
    }

    private func write(_ upload: RecordedUpload, to directory: URL) throws(SimulatorError) {
        do {
            let file = directory.appendingPathComponent(Self.recordFileName(seq: upload.seq, filename: upload.filename))
            try Data(upload.content).write(to: file, options: .withoutOverwriting)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var line = try encoder.encode(upload)
            line.append(UInt8(ascii: "\n"))
            let journal = directory.appendingPathComponent(Self.journalName)
            if !FileManager.default.fileExists(atPath: journal.path) {
                _ = FileManager.default.createFile(atPath: journal.path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: journal)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        } catch {
            throw SimulatorError(code: .recordWrite, message: "cannot write an upload record", cause: error)
        }
    }
}
