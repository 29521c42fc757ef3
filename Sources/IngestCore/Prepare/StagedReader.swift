import Foundation

/// Runs a file's heavy stages on threads of their own, a few batches apart: one thread reads (disk, SHA-256,
/// tokenizer, decoder; a gzip source inflates on a read-ahead thread of its own), `normalizers.count` threads normalise (phone rules, line building; the
/// heaviest stage, so two of them take batches in turn), and the caller takes the batches back in file order
/// for what must stay sequential (duplicates, chunks, rejects, report). On two cores the stages overlap
/// instead of taking turns, and no core waits on the one busiest stage. At most `depth` batches exist.
///
/// Ownership is the thread-safety argument (hence `@unchecked Sendable`): after `start()` the reader
/// belongs to the reading thread and each normaliser to its own thread until `finish()` returns; a batch
/// belongs to whichever stage took it from its queue. Queues and flags are under `condition`.
final class StagedReader<Reader: RecordReader>: @unchecked Sendable {
    private let condition = NSCondition()
    private var reader: Reader
    private let normalizers: [RowNormalizer]
    private let batchSize: Int
    private var free: [RowBatch]
    private var read: [RowBatch] = []
    private var normalized: [RowBatch] = []
    /// The sequence number the reader gives its next batch, and the one `next()` hands out next.
    private var readSequence = 0
    private var nextSequence = 0
    /// Set by the reading thread when the records ended or reading failed.
    private var readEnd: Result<Void, IngestError>?
    private var normalizersDone = 0
    private var readerDone = false
    private var stopped = false
    private var started = false

    /// - Parameter normalizers: one per normalising thread; a batch's `normalizer` says which one made it
    ///   (its routes are that normaliser's).
    init(reader: Reader, normalizers: [RowNormalizer], batchSize: Int = 2048, depth: Int = 6) {
        self.reader = reader
        self.normalizers = normalizers
        self.batchSize = batchSize
        self.free = (0..<max(depth, normalizers.count + 2)).map { _ in RowBatch() }
    }

    func start() {
        started = true
        Thread { [self] in readAll() }.start()
        for index in normalizers.indices {
            Thread { [self] in normalizeAll(with: index) }.start()
        }
    }

    /// The next normalised batch in file order; nil after the last record.
    /// - Throws: the reading error (gzip, quoting, record size…), after every batch read before it.
    func next() throws(IngestError) -> RowBatch? {
        condition.lock()
        while true {
            if let index = normalized.firstIndex(where: { $0.sequence == nextSequence }) {
                let batch = normalized.remove(at: index)
                nextSequence += 1
                condition.unlock()
                return batch
            }
            if normalizersDone == normalizers.count { break }
            condition.wait()
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

    /// Stops the threads (when the caller gives up early) and waits for them; the reader is then the
    /// caller's again, for its final counts.
    func finish() -> Reader {
        condition.lock()
        stopped = true
        condition.broadcast()
        while started && !(readerDone && normalizersDone == normalizers.count) { condition.wait() }
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
            if batch.count > 0 {
                batch.sequence = readSequence
                readSequence += 1
                read.append(batch)
            } else {
                free.append(batch)
            }
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

    private func normalizeAll(with index: Int) {
        while let batch = take(from: \.read, orEndWhenReadingEnded: true) {
            batch.normalize(with: normalizers[index])
            batch.normalizer = index
            condition.lock()
            normalized.append(batch)
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        normalizersDone += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for a batch in `queue`; nil when stopped (or, for a normaliser, when reading ended and
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

/// Threads worth normalising on: two when there are two cores or more (one normaliser kept its core busy
/// while the other core waited on it now and then), one otherwise.
enum NormalizingThreads {
    static var count: Int { ProcessInfo.processInfo.activeProcessorCount >= 2 ? 2 : 1 }
}
