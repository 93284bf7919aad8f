import Foundation
import JSONCore
import NovuEngine
import NovuKit
import NovuTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `novush serve` as a separate process: the same client code as in-process, and a graceful SIGTERM.
@Suite(.timeLimit(.minutes(1)), .enabled(if: NovushBinary.exists, "needs the built novush executable"))
struct ServeProcessTests {
    @Test func theHTTPClientGetsTheSameAnswersFromNovushServe() async throws {
        let serve = try await ServeProcess.start()
        defer { serve.stop() }
        let transport = try HTTPTransport(configuration: .init(baseURL: serve.baseURL, apiKey: serve.apiKey, retry: .none))
        let client = NovuClient(transport: transport)
        let created = try await client.call("subscribers.create", [], ["subscriberId": "u1", "email": "u1@example.com"])
        #expect(created.status == 201)
        #expect(try await client.call("subscribers.retrieve", ["u1"]).value == created.value)
        let missing = await #expect(throws: NovuClientError.self) { try await client.call("subscribers.retrieve", ["nobody"]) }
        #expect(missing?.status == 404)
        try await transport.shutdown()
    }

    @Test func aShellEngineOnTheSameStoreSeesTheServersWritesAndTheServerSeesItsWrites() async throws {
        let serve = try await ServeProcess.start()
        defer { serve.stop() }
        let transport = try HTTPTransport(configuration: .init(baseURL: serve.baseURL, apiKey: serve.apiKey, retry: .none))
        let remote = NovuClient(transport: transport)
        let local = NovuClient(transport: EngineTransport(engine: try Engine(path: serve.storePath)))
        _ = try await remote.call("subscribers.create", [], ["subscriberId": "from-http"])
        #expect(try await local.call("subscribers.retrieve", ["from-http"]).value?["subscriberId"] == "from-http")
        _ = try await local.call("subscribers.create", [], ["subscriberId": "from-shell"])
        #expect(try await remote.call("subscribers.retrieve", ["from-shell"]).value?["subscriberId"] == "from-shell")
        try await transport.shutdown()
    }

    @Test func sigtermFinishesTheRequestInFlightThenExitsCleanly() async throws {
        let serve = try await ServeProcess.start()
        let port = try #require(URL(string: serve.baseURL)?.port)
        let body = #"{"subscriberId":"in-flight"}"#
        let head = "POST /v2/subscribers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ApiKey \(serve.apiKey)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
        let socket = try RawSocket(port: port)
        // The request has started (head and half the body are in) when SIGTERM arrives.
        socket.send(head + body.prefix(10))
        try await Task.sleep(for: .milliseconds(200))
        serve.terminate()
        try await Task.sleep(for: .milliseconds(200))
        socket.send(String(body.dropFirst(10)))
        let answer = socket.receiveAll()
        #expect(answer.hasPrefix("HTTP/1.1 201"), "\(answer)")
        #expect(answer.contains(#""subscriberId":"in-flight""#))
        #expect(serve.waitForExit() == 0)
    }
}

/// A blocking loopback TCP client for sending a request in pieces.
private final class RawSocket {
    private let fd: Int32

    init(port: Int) throws {
        fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until the server closes the connection (or 10 s pass).
    func receiveAll() -> String {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data += buffer[0..<count]
            if let text = String(bytes: data, encoding: .utf8), let split = text.range(of: "\r\n\r\n"),
                let lengthLine = text[..<split.lowerBound].split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
                let length = Int(lengthLine.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)),
                text.utf8.distance(from: split.upperBound.samePosition(in: text.utf8)!, to: text.utf8.endIndex) >= length
            {
                break
            }
        }
        return String(decoding: data, as: UTF8.self)
    }
}
