import CZlibShim
import Foundation
import ZIPFoundation

/// The inflated bytes of one zip entry, pulled block by block.
///
/// ZIPFoundation's `extract` pushes chunks into a closure until the entry ends; a producer thread runs it
/// and hands the chunks over through a `BoundedChannel`, so the reader pulls at its own pace with a few
/// chunks in memory. The producer enforces the bomb limits while it inflates: never more than the declared
/// size, never more than `maxRatio` bytes per compressed byte; the CRC (zlib's) is checked at the end.
final class ZipEntrySource: ByteSource {
    static let chunkSize = 64 * 1024

    private let channel: BoundedChannel<Data>
    private let compressedSize: UInt64
    private let uncompressedSize: UInt64
    private var inflated: UInt64 = 0

    /// Compressed bytes behind the inflated bytes read so far (approximate): the progress measure.
    var bytesFromDisk: Int64 {
        guard uncompressedSize > 0 else { return 0 }
        return Int64(Double(inflated) / Double(uncompressedSize) * Double(compressedSize))
    }

    /// Starts inflating `entry` of the workbook at `path`.
    /// - Throws: `workbook-bomb` when the declared sizes already exceed `maxRatio`.
    init(path: String, entry: Entry, maxRatio: Int) throws(IngestError) {
        compressedSize = entry.compressedSize
        uncompressedSize = entry.uncompressedSize
        let name = entry.path
        let limit = Self.limit(compressed: entry.compressedSize, maxRatio: maxRatio)
        if entry.uncompressedSize > limit {
            throw Self.bomb(name, path: path, maxRatio: maxRatio)
        }
        let declared = entry.uncompressedSize
        let expectedCRC = entry.checksum
        let channel = BoundedChannel<Data>()
        self.channel = channel
        let thread = Thread {
            channel.finish(
                Self.produce(
                    path: path, name: name, declared: declared, expectedCRC: expectedCRC, maxRatio: maxRatio,
                    into: channel))
        }
        thread.name = "xlsx-inflate"
        thread.start()
    }

    deinit {
        channel.close()
    }

    func read(into buffer: inout [UInt8]) throws(IngestError) -> Bool {
        guard let chunk = try channel.take() else {
            buffer.removeAll()
            return false
        }
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: chunk)
        inflated += UInt64(chunk.count)
        return true
    }

    /// The most an entry of `compressed` bytes may inflate to (a small entry gets some slack).
    static func limit(compressed: UInt64, maxRatio: Int) -> UInt64 {
        compressed.multipliedReportingOverflow(by: UInt64(maxRatio)).partialValue + 64 * 1024
    }

    static func bomb(_ name: String, path: String, maxRatio: Int) -> IngestError {
        IngestError(
            .workbookBomb,
            "the zip entry \(name) inflates to more than \(maxRatio) times its size (a zip bomb?): "
                + "nothing of the workbook is read (limits.max_zip_ratio)",
            file: path)
    }

    /// Runs on the producer thread: inflates the entry into the channel; returns the failure, if any.
    private static func produce(
        path: String, name: String, declared: UInt64, expectedCRC: UInt32, maxRatio: Int,
        into channel: BoundedChannel<Data>
    ) -> IngestError? {
        do {
            let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
            guard let entry = archive[name] else {
                return IngestError(.workbookCorrupt, "the zip entry \(name) disappeared while reading", file: path)
            }
            let limit = min(declared, Self.limit(compressed: entry.compressedSize, maxRatio: maxRatio))
            var total: UInt64 = 0
            // zlib's CRC-32, several times faster than ZIPFoundation's byte-wise one on Linux.
            var crc: UInt = 0
            _ = try archive.extract(entry, bufferSize: chunkSize, skipCRC32: true) { data in
                data.withUnsafeBytes { bytes in
                    if let base = bytes.bindMemory(to: Bytef.self).baseAddress {
                        crc = crc32(crc, base, uInt(bytes.count))
                    }
                }
                total += UInt64(data.count)
                if total > limit {
                    throw total > declared
                        ? IngestError(
                            .workbookBomb, "the zip entry \(name) inflates past its declared size", file: path)
                        : bomb(name, path: path, maxRatio: maxRatio)
                }
                try channel.put(data)
            }
            if UInt32(truncatingIfNeeded: crc) != expectedCRC || total != declared {
                return IngestError(
                    .workbookCorrupt, "the zip entry \(name) is corrupt (checksum or size mismatch)", file: path)
            }
            return nil
        } catch let error as IngestError {
            return error
        } catch is BoundedChannel<Data>.Closed {
            return nil
        } catch {
            return IngestError(.workbookCorrupt, "the zip entry \(name) cannot be inflated: \(error)", file: path)
        }
    }
}
