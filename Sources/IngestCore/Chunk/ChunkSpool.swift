import Foundation

/// Splits one file's accepted lines into chunks per campaign (and zone), within the row and byte limits.
///
/// Chunks are written under a staging folder and only get their final names in `finish`, once the file
/// has passed the gate; `discard` leaves nothing behind. With `numbers`, each chunk also gets a numbers file
/// (see ``SpooledChunk/numbers``): what the ledger records, and what the dedupe windows check.
final class ChunkSpool {
    struct GroupKey: Hashable {
        var campaign: String
        var zone: String?
    }

    final class Group {
        let key: GroupKey
        let number: Int
        var finished: [Part] = []
        var current: OutputFile? {
            didSet { currentHandle = current.map { Unmanaged.passUnretained($0) } }
        }
        /// `current` unretained, for the per-line writes (see `withUnretained`).
        private(set) var currentHandle: Unmanaged<OutputFile>?
        var rows = 0
        /// The ordinals of the current chunk's lines whose duplicate check is deferred (see `DuplicateCheck`).
        var tags: SpillFile?
        /// The current chunk's numbers file, with `numbers`.
        var numbers: SpillFile? {
            didSet { numbersHandle = numbers.map { Unmanaged.passUnretained($0) } }
        }
        /// `numbers` unretained, for the per-line writes.
        private(set) var numbersHandle: Unmanaged<SpillFile>?

        init(key: GroupKey, number: Int) {
            self.key = key
            self.number = number
        }
    }

    let directory: String
    let staging: String
    private let maxRows: Int
    private let maxBytes: Int
    private let keepsNumbers: Bool
    private var groups: [GroupKey: Group] = [:]
    private(set) var order: [Group] = []
    /// The group of each file route, found once per route; unretained (`groups` keeps
    /// them), so a line's append retains nothing.
    private var routeGroups: [Unmanaged<Group>?] = []
    /// Set once a line carries a deferred-duplicate ordinal: until then `removeLines` has nothing to do.
    var tagged = false

    /// - Parameters:
    ///   - directory: where finished chunks go.
    ///   - stagingName: a folder name inside `directory`, unique to this file in this run.
    ///   - numbers: also write each chunk's numbers file (see ``SpooledChunk/numbers``).
    init(directory: String, stagingName: String, maxRows: Int, maxBytes: Int, numbers: Bool = false)
        throws(IngestError)
    {
        self.directory = directory
        self.staging = directory + "/" + stagingName
        self.maxRows = maxRows
        self.maxBytes = maxBytes
        self.keepsNumbers = numbers
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw IngestError(.outputFailed, "cannot create the spool folder", file: staging, cause: error)
        }
    }

    /// Appends a line for file route `route` (an index into `routes`, a `RouteTable`'s).
    /// - Parameters:
    ///   - number: the line's main number as its E.164 integer (`PhoneNumber.e164Key`).
    ///   - source: the line of the input its record starts on.
    ///   - ordinal: the line's deferred-duplicate ordinal, if it has one (see `removeLines(where:)`).
    func append(
        _ line: UnsafeBufferPointer<UInt8>, number: UInt64, source: Int, route: Int, of routes: [RowNormalizer.Route],
        ordinal: Int? = nil
    ) throws(IngestError) {
        if route < routeGroups.count, let handle = routeGroups[route] {
            try withUnretained(handle) { (group) throws(IngestError) in
                try append(line, number: number, source: source, to: group, ordinal: ordinal)
            }
            return
        }
        while routeGroups.count <= route { routeGroups.append(nil) }
        let group = group(for: GroupKey(campaign: routes[route].campaign, zone: routes[route].zone))
        routeGroups[route] = Unmanaged.passUnretained(group)
        try append(line, number: number, source: source, to: group, ordinal: ordinal)
    }

    func append(
        _ line: ArraySlice<UInt8>, number: UInt64 = 0, source: Int = 0, campaign: String, zone: String?,
        ordinal: Int? = nil
    ) throws(IngestError) {
        let group = group(for: GroupKey(campaign: campaign, zone: zone))
        try line.withUnsafeBufferPointer { bytes throws(IngestError) in
            try append(bytes, number: number, source: source, to: group, ordinal: ordinal)
        }
    }

    private func group(for key: GroupKey) -> Group {
        if let existing = groups[key] { return existing }
        let group = Group(key: key, number: order.count)
        groups[key] = group
        order.append(group)
        return group
    }

    private func append(
        _ line: UnsafeBufferPointer<UInt8>, number: UInt64, source: Int, to group: Group, ordinal: Int?
    ) throws(IngestError) {
        if let current = group.currentHandle,
            group.rows >= maxRows || current._withUnsafeGuaranteedRef({ $0.bytesWritten }) + line.count > maxBytes
        {
            try close(group)
        }
        if group.current == nil {
            // Not durable: a chunk lives for one run (it is read back from the page cache to be sent) and the
            // next run makes it again from the input; the ledger, the report and the rejects are what must last.
            let path = "\(staging)/g\(group.number)-\(group.finished.count).part"
            group.current = try OutputFile(path: path, durable: false)
            if keepsNumbers { group.numbers = try SpillFile(path: path + ".numbers", bufferSize: 64 << 10) }
        }
        if let ordinal { try tag(group, lineLength: line.count, ordinal: ordinal) }
        if let numbers = group.numbersHandle {
            try withUnretained(numbers) { (file) throws(IngestError) in
                try file.append(number)
                try file.append(UInt64(source))
            }
        }
        guard let current = group.currentHandle else { return }
        try withUnretained(current) { (file) throws(IngestError) in try file.write(line) }
        group.rows += 1
    }

    func close(_ group: Group) throws(IngestError) {
        guard let current = group.current else { return }
        try current.close()
        try group.tags?.finish()
        try group.numbers?.finish()
        group.finished.append(
            Part(
                staging: current.path, rows: group.rows, bytes: current.bytesWritten, tags: group.tags?.path,
                numbers: group.numbers?.path))
        group.current = nil
        group.tags = nil
        group.numbers = nil
        group.rows = 0
    }

    /// Closes every chunk and gives each its final name; returns them in a stable order.
    func finish(stem: String, sha256: String) throws(IngestError) -> [SpooledChunk] {
        var chunks: [SpooledChunk] = []
        for group in order {
            try close(group)
            for (index, part) in group.finished.enumerated() {
                let name = ChunkName.make(
                    stem: stem, sha256: sha256, campaign: group.key.campaign, zone: group.key.zone, index: index + 1)
                let target = directory + "/" + name
                if rename(part.staging, target) != 0 {
                    throw IngestError(.outputFailed, "cannot move a chunk into place", file: target)
                }
                var chunk = SpooledChunk(
                    filename: name, path: target, campaign: group.key.campaign, timezone: group.key.zone,
                    rows: part.rows, bytes: part.bytes)
                if let numbers = part.numbers { chunk.numbers = try moveNumbers(numbers, chunk: name) }
                chunks.append(chunk)
            }
        }
        try? FileManager.default.removeItem(atPath: staging)
        return chunks
    }

    /// Moves a chunk's numbers file out of the staging folder into a hidden folder of this file's own (the
    /// chunks beside it are what people read), which the delivery removes with the last of them.
    private func moveNumbers(_ path: String, chunk name: String) throws(IngestError) -> String {
        let folder = staging + ".numbers"
        let target = folder + "/" + name
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw IngestError(.outputFailed, "cannot create the numbers folder", file: folder, cause: error)
        }
        if rename(path, target) != 0 {
            throw IngestError(.outputFailed, "cannot move a chunk's numbers into place", file: target)
        }
        return target
    }

    /// Deletes everything this file spooled.
    func discard() {
        for group in order {
            group.current = nil
            group.numbers = nil
        }
        try? FileManager.default.removeItem(atPath: staging)
    }
}
