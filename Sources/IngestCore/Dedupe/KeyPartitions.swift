import Foundation

/// The deferred duplicate check's keys on disk: `(campaign, key, ordinal)` entries spread over a fixed number
/// of partition files by a hash of the key, so one partition at a time fits a small table.
///
/// Each partition is "earlier" entries (files that passed the gate) followed by the current file's, in the
/// order they were added. `commit` makes the current file's entries earlier; `discard` truncates them away.
/// A struct stored in its owner and appended to in place, the files called through unretained handles:
/// appending (every deferred row) retains nothing.
struct KeyPartitions {
    /// One entry: the number key, then `campaign << 40 | ordinal`.
    static let entrySize = 16
    static let ordinalBits: UInt64 = 40
    /// The ordinal of an entry written for a row decided in memory before the switch: never a duplicate.
    static let decided: UInt64 = (1 << ordinalBits) - 1
    static let maxCampaigns = 1 << 24

    struct Entry: Equatable {
        var key: UInt64
        var campaign: UInt32
        var ordinal: UInt64
        /// True for the current file's entries.
        var current: Bool
    }

    private let files: [SpillFile]
    /// The same files, unretained (`files` keeps them): what `append` calls, with no retain per row.
    private let handles: [Unmanaged<SpillFile>]
    /// Per partition, where the current file's entries start.
    private var committedLength: [Int]

    /// - Parameters:
    ///   - count: partitions (a power of two).
    ///   - bufferSize: bytes buffered per partition before a write.
    init(directory: String, count: Int, bufferSize: Int) throws(IngestError) {
        var files: [SpillFile] = []
        for index in 0..<count {
            files.append(try SpillFile(path: "\(directory)/keys-\(index).bin", bufferSize: bufferSize))
        }
        self.files = files
        handles = files.map { Unmanaged.passUnretained($0) }
        committedLength = Array(repeating: 0, count: count)
    }

    var count: Int { files.count }

    /// The partition of `key` (top bits of a multiplicative hash).
    func partition(of key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & (files.count - 1)
    }

    /// `mutating` though it changes only the files: called in place on the owner's stored value, which a
    /// non-mutating call would copy (retaining its arrays) every row.
    mutating func append(key: UInt64, campaign: UInt32, ordinal: UInt64) throws(IngestError) {
        try withUnretained(handles[partition(of: key)]) { (file) throws(IngestError) in
            try file.append(key, UInt64(campaign) << Self.ordinalBits | ordinal)
        }
    }

    /// The current file passed: its entries become earlier ones.
    mutating func commit() throws(IngestError) {
        for (index, file) in files.enumerated() {
            try file.flush()
            committedLength[index] = file.length
        }
    }

    /// The current file failed: its entries are forgotten.
    func discard() throws(IngestError) {
        for (index, file) in files.enumerated() { try file.truncate(to: committedLength[index]) }
    }

    /// True when the current file added entries to partition `index`.
    func hasCurrentEntries(_ index: Int) -> Bool {
        files[index].length > committedLength[index]
    }

    /// Entries in partition `index` (earlier and current).
    func entryCount(_ index: Int) -> Int {
        files[index].length / Self.entrySize
    }

    /// Reads partition `index` front to back: earlier entries first, then the current file's in order.
    func forEach(in index: Int, _ body: (Entry) throws(IngestError) -> Void) throws(IngestError) {
        let file = files[index]
        try file.flush()
        guard file.length > 0 else { return }
        let reader = try SpillReader(path: file.path, to: file.length)
        let currentFrom = committedLength[index] / Self.entrySize
        var position = 0
        while let key = try reader.nextUInt64(), let tag = try reader.nextUInt64() {
            try body(
                Entry(
                    key: key, campaign: UInt32(truncatingIfNeeded: tag >> Self.ordinalBits),
                    ordinal: tag & Self.decided, current: position >= currentFrom))
            position += 1
        }
    }

    /// Deletes the partition files.
    func remove() {
        for file in files {
            try? file.finish()
            try? FileManager.default.removeItem(atPath: file.path)
        }
    }
}
