import Foundation
import IngestCore
import NIOCore
import Synchronization

/// The `application/x-www-form-urlencoded` body of an upload, produced block by block: the chunk file
/// is read, base64-encoded and percent-encoded 192 KiB at a time, so a 10 MB chunk is never held whole,
/// let alone twice.
///
/// Every value is percent-encoded; base64's `+` `/` `=` become `%2B` `%2F` `%3D` (a servlet would read
/// a bare `+` as a space and corrupt the data).
///
/// The request states the body's exact length (`Content-Length`): servers behind HTTP/1.0-era proxies,
/// several WAFs and load balancers read a body by it and answer a chunked one with `411 Length Required`.
/// Percent-encoding makes the length depend on the content, so ``length(fields:filePath:)`` encodes the
/// chunk once without keeping it, block by block, and counts.
struct FormBody {
    /// Input bytes per block; a multiple of 3, so only the last block carries base64 padding.
    static let blockSize = 3 * 64 * 1024

    private var prefix: [UInt8]?
    private let path: String
    private var handle: FileHandle?
    private var finished = false

    /// - Parameters:
    ///   - fields: the small fields, in order (`filename`, `campaign`, `cant`, `username`, `timezone`).
    ///   - filePath: the chunk whose content becomes `fileb64`, the last field.
    init(fields: [(String, String)], filePath: String) {
        var head = fields.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        head += (head.isEmpty ? "" : "&") + "fileb64="
        prefix = Array(head.utf8)
        path = filePath
    }

    /// The exact byte count of the body `FormBody(fields:filePath:)` produces, found by producing it block by
    /// block and discarding each (one extra read of a chunk the page cache holds; never the whole body in
    /// memory).
    static func length(fields: [(String, String)], filePath: String) throws -> Int {
        var body = FormBody(fields: fields, filePath: filePath)
        var total = 0
        while let block = try body.next() { total += block.readableBytes }
        return total
    }

    /// The next block of the body, or nil at its end.
    mutating func next() throws -> ByteBuffer? {
        if let head = prefix {
            prefix = nil
            handle = FileHandle(forReadingAtPath: path)
            guard handle != nil else {
                throw IngestError(.fileUnreadable, "cannot open the chunk for upload", file: path)
            }
            return ByteBuffer(bytes: head)
        }
        guard !finished, let handle else { return nil }
        let data = try handle.read(upToCount: Self.blockSize) ?? Data()
        if data.count < Self.blockSize {
            finished = true
            try? handle.close()
            if data.isEmpty { return nil }
        }
        // Encoded straight into the buffer the HTTP client sends (no copy in between).
        let length = FormBase64.maximumLength(of: data.count)
        var buffer = ByteBufferAllocator().buffer(capacity: length)
        data.withUnsafeBytes { input in
            _ = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { output in
                guard let base = output.baseAddress else { return 0 }
                return FormBase64.encode(input, into: base.assumingMemoryBound(to: UInt8.self))
            }
        }
        return buffer
    }

    /// Percent-encodes a form value: only `A-Z a-z 0-9 - . _ *` stay as they are.
    static func encode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x2A:
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                out +=
                    "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }
}

/// The form body as the async byte stream the HTTP client sends; it notes when the last byte was handed
/// over, which is what decides whether a failed request may have been applied by the server.
struct FormBodySequence: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let fields: [Field]
    let filePath: String
    let completion: BodyCompletion

    struct Field: Sendable {
        var name: String
        var value: String
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var body: FormBody
        let completion: BodyCompletion

        mutating func next() async throws -> ByteBuffer? {
            guard let block = try body.next() else {
                completion.markSent()
                return nil
            }
            return block
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            body: FormBody(fields: fields.map { ($0.name, $0.value) }, filePath: filePath), completion: completion)
    }
}

/// Set once the whole request body was handed to the connection.
final class BodyCompletion: Sendable {
    private let sent = Mutex(false)

    func markSent() { sent.withLock { $0 = true } }
    var isSent: Bool { sent.withLock { $0 } }
}
