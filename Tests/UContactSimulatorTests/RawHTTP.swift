import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a raw TCP exchange saw: every byte the server sent before closing, and how it closed.
struct RawExchange {
    var received: [UInt8]
    var endedWithReset: Bool
}

enum RawHTTPError: Error {
    case socket(String, Int32)
    case timedOut
}

/// Sends `request` to 127.0.0.1:`port` over a plain socket and reads until the server closes the connection.
///
/// Runs on its own thread so blocking socket calls never hold a Swift concurrency thread. The timeout is
/// generous: on a loaded 2-core CI machine the in-process server can wait seconds for a thread.
func rawHTTPExchange(port: Int, request: String, timeoutSeconds: Int = 30) async throws -> RawExchange {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(
                with: Result { try blockingExchange(port: port, request: request, timeout: timeoutSeconds) })
        }
        thread.start()
    }
}

private func blockingExchange(port: Int, request: String, timeout: Int) throws -> RawExchange {
    #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw RawHTTPError.socket("socket", errno) }
    defer { close(fd) }
    var limit = timeval(tv_sec: timeout, tv_usec: 0)
    _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))

    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard connected == 0 else { throw RawHTTPError.socket("connect", errno) }

    let bytes = Array(request.utf8)
    var sent = 0
    while sent < bytes.count {
        let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw RawHTTPError.socket("send", errno) }
        sent += count
    }

    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            received += buffer[..<count]
        } else if count == 0 {
            return RawExchange(received: received, endedWithReset: false)
        } else if errno == ECONNRESET {
            return RawExchange(received: received, endedWithReset: true)
        } else if errno == EAGAIN || errno == EWOULDBLOCK {
            throw RawHTTPError.timedOut
        } else {
            throw RawHTTPError.socket("recv", errno)
        }
    }
}

/// A complete HTTP/1.1 form POST.
func rawFormPost(path: String, body: String, authorization: String) -> String {
    "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(authorization)\r\n"
        + "Content-Type: application/x-www-form-urlencoded; charset=UTF-8\r\n"
        + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
}
