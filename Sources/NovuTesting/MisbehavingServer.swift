import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small loopback HTTP/1.1 server that answers from a script, for the faults a real server will
/// not produce on demand: 5xx, 429 with `Retry-After`, answers that never come, connections closed
/// without an answer, answers that keep their connection for the next request.
///
/// ```swift
/// let server = try MisbehavingServer([.status(503), .status(200, body: #"{"data":true}"#)])
/// defer { server.stop() }
/// // … point an HTTPTransport at server.baseURL; server.requests lists what arrived
/// ```
public final class MisbehavingServer: @unchecked Sendable {
    /// What to do with one request.
    public enum Behaviour: Sendable {
        /// Answer with a status, headers and a body, and close the connection.
        case respond(status: Int, headers: [String: String], body: String)
        /// Answer with a status and a JSON body, and read the connection's next request; with
        /// `closeAfterIdle`, close the connection when no request comes within that many seconds.
        case keepAlive(status: Int, body: String, closeAfterIdle: Double? = nil)
        /// Wait, then behave as `then`.
        indirect case delay(seconds: Double, then: Behaviour)
        /// Close the connection without answering.
        case close
        /// Never answer (until the server stops).
        case hang

        /// An answer with a JSON body.
        public static func status(_ status: Int, headers: [String: String] = [:], body: String = "{}") -> Behaviour {
            .respond(status: status, headers: headers, body: body)
        }
    }

    /// One request as it arrived.
    public struct Recorded: Sendable {
        /// `GET`, `POST`, …
        public let method: String
        /// The request target (path and query).
        public let target: String
        /// Header fields with lower-cased names.
        public let headers: [String: String]
        /// The body.
        public let body: String
        /// When the request had been read.
        public let receivedAt: ContinuousClock.Instant
        /// The connection that carried it: 1 for the first accepted, 2 for the next…
        public let connection: Int
    }

    /// The bound port.
    public let port: Int
    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    // Invariant: `script`, `fallback`, `recorded` and `stopped` are only touched while holding `lock`.
    private let lock = NSLock()
    private var script: [Behaviour]
    private let fallback: Behaviour
    private var recorded: [Recorded] = []
    private var stopped = false
    private let listener: Int32

    /// Starts listening on a free loopback port; request N gets `script[N]`, later ones `fallback`.
    /// - Throws: `POSIXError` when the socket cannot be bound.
    public init(_ script: [Behaviour], fallback: Behaviour = .status(200)) throws {
        self.script = script
        self.fallback = fallback
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        listener = fd
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// The requests received so far.
    public var requests: [Recorded] { lock.withLock { recorded } }

    /// Stops listening and releases hanging connections.
    public func stop() {
        let wasStopped = lock.withLock {
            defer { stopped = true }
            return stopped
        }
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// A loopback port with nothing listening on it (connections are refused).
    public static func unusedPort() throws -> Int {
        let server = try MisbehavingServer([])
        let port = server.port
        server.stop()
        return port
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        var accepted = 0
        while !isStopped {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            accepted += 1
            let number = accepted
            let thread = Thread { [self] in handle(connection, number: number) }
            thread.start()
        }
    }

    private func handle(_ connection: Int32, number: Int) {
        defer { close(connection) }
        var next = Next.read(idleLimit: nil)
        while case .read(let idleLimit) = next, Self.waitForBytes(connection, seconds: idleLimit),
            let request = readRequest(connection, number: number)
        {
            let behaviour: Behaviour = lock.withLock {
                recorded.append(request)
                return script.isEmpty ? fallback : script.removeFirst()
            }
            next = perform(behaviour, on: connection)
        }
    }

    /// What a connection does after a request.
    private enum Next {
        /// Read another request, waiting at most `idleLimit` seconds for it (`nil`: no limit).
        case read(idleLimit: Double?)
        case close
    }

    /// Behaves so on the connection.
    private func perform(_ behaviour: Behaviour, on connection: Int32) -> Next {
        switch behaviour {
        case .respond(let status, let headers, let body):
            answer(status: status, headers: headers.merging(["Connection": "close"]) { old, _ in old }, body: body, on: connection)
            return .close
        case .keepAlive(let status, let body, let idleLimit):
            answer(status: status, headers: [:], body: body, on: connection)
            return .read(idleLimit: idleLimit)
        case .delay(let seconds, let then):
            let until = Date().addingTimeInterval(seconds)
            while Date() < until, !isStopped { usleep(10_000) }
            return perform(then, on: connection)
        case .close:
            return .close
        case .hang:
            while !isStopped { usleep(20_000) }
            return .close
        }
    }

    /// Whether bytes (or the peer's close) arrive on the connection within `seconds` (`nil`: no limit).
    private static func waitForBytes(_ connection: Int32, seconds: Double?) -> Bool {
        guard let seconds else { return true }
        var descriptor = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, Int32(seconds * 1000)) > 0
    }

    private func answer(status: Int, headers: [String: String], body: String, on connection: Int32) {
        var head = "HTTP/1.1 \(status) Status\r\nContent-Length: \(body.utf8.count)\r\n"
        if headers["Content-Type"] == nil { head += "Content-Type: application/json\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let bytes = Array((head + "\r\n" + body).utf8)
        _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    private func readRequest(_ connection: Int32, number: Int) -> Recorded? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            data += buffer[0..<count]
            if headerEnd == nil, let end = Self.find([13, 10, 13, 10], in: data) {
                headerEnd = end + 4
                let head = String(decoding: data[0..<end], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2, parts[0].lowercased() == "content-length" {
                        contentLength = Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0
                    }
                }
            }
            if let headerEnd, data.count >= headerEnd + contentLength { break }
        }
        let end = headerEnd ?? data.count
        let head = String(decoding: data[0..<max(0, end - 4)], as: UTF8.self)
        var lines = head.split(separator: "\r\n").map(String.init)
        let requestLine = lines.isEmpty ? [] : lines.removeFirst().split(separator: " ").map(String.init)
        var headers: [String: String] = [:]
        for line in lines {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return Recorded(
            method: requestLine.first ?? "", target: requestLine.count > 1 ? requestLine[1] : "", headers: headers,
            body: String(decoding: data[end...], as: UTF8.self), receivedAt: .now, connection: number)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index..<index + needle.count].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
