import Foundation

/// Runs a file's two heavy stages on threads of their own, one batch behind the other: one thread reads
/// (disk, SHA-256, gunzip, tokenizer, decoder), another normalises (phone rules, line building), and the
/// caller takes the batches in file order for what must stay sequential (duplicates, chunks, rejects,
/// report). On two cores the stages overlap instead of taking turns. At most `depth` batches exist.
///
/// Ownership is the thread-safety argument (hence `@unchecked Sendable`): after `start()` the reader
/// belongs to the reading thread and the normaliser to the normalising thread until `finish()`
/// returns; a batch belongs to whichever stage took it from its queue. Queues and flags are under `condition`.
final class StagedReader<Reader: RecordReader>: @unchecked Sendable {
    private let condition = NSCondition()
    private var reader: Reader
    private let normalizer: RowNormalizer
    private let batchSize: Int
    private var free: [RowBatch]
    private var read: [RowBatch] = []
    private var normalized: [RowBatch] = []
    /// Set by the reading thread when the records ended or reading failed.
    private var readEnd: Result<Void, IngestError>?
    private var normalizerDone = false
    private var readerDone = false
    private var stopped = false
    private var started = false

    init(reader: Reader, normalizer: RowNormalizer, batchSize: Int = 2048, depth: Int = 6) {
        self.reader = reader
        self.normalizer = normalizer
        self.batchSize = batchSize
        self.free = (0..<depth).map { _ in RowBatch() }
    }

    func start() {
        started = true
        Thread { [self] in readAll() }.start()
        Thread { [self] in normalizeAll() }.start()
    }

    /// The next normalised batch in file order; nil after the last record.
    /// - Throws: the reading error (gzip, quoting, record size…), after every batch read before it.
    func next() throws(IngestError) -> RowBatch? {
        condition.lock()
        while normalized.isEmpty && !normalizerDone { condition.wait() }
        if !normalized.isEmpty {
            let batch = normalized.removeFirst()
            condition.unlock()
            return batch
        }
        let end = readEnd
        condition.unlock()
        if case .failure(let error) = end { throw error }
        return nil
    }

    /// Gives a batch back once the caller is done with it.
    func recycle(_ batch: RowBatch) {
        condition.lock()
        free.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// Stops both threads (when the caller gives up early) and waits for them; the reader is then the
    /// caller's again, for its final counts.
    func finish() -> Reader {
        condition.lock()
        stopped = true
        condition.broadcast()
        while started && !(readerDone && normalizerDone) { condition.wait() }
        condition.unlock()
        return reader
    }

    private func readAll() {
        var end: Result<Void, IngestError> = .success(())
        while let batch = take(from: \.free) {
            var more = true
            do {
                more = try batch.fill(from: &reader, limit: batchSize)
            } catch {
                end = .failure(error)
                more = false
            }
            batch.bytesFromDisk = reader.bytesFromDisk
            condition.lock()
            if batch.count > 0 { read.append(batch) } else { free.append(batch) }
            condition.broadcast()
            condition.unlock()
            if !more { break }
        }
        condition.lock()
        readEnd = end
        readerDone = true
        condition.broadcast()
        condition.unlock()
    }

    private func normalizeAll() {
        while let batch = take(from: \.read, orEndWhenReadingEnded: true) {
            batch.normalize(with: normalizer)
            condition.lock()
            normalized.append(batch)
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        normalizerDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for a batch in `queue`; nil when stopped (or, for the normaliser, when reading ended and
    /// every read batch was taken).
    private func take(
        from queue: ReferenceWritableKeyPath<StagedReader<Reader>, [RowBatch]>, orEndWhenReadingEnded: Bool = false
    ) -> RowBatch? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if stopped { return nil }
            if !self[keyPath: queue].isEmpty { return self[keyPath: queue].removeFirst() }
            if orEndWhenReadingEnded && readerDone { return nil }
            condition.wait()
        }
    }
}
