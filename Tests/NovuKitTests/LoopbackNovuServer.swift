import Foundation
import JSONCore
import Logging
import NovuEngine
import NovuKit
import NovuServer
import NovuTesting

/// A ``NovuServer`` in this process on a free loopback port, over a fresh ``EngineHarness`` store.
///
/// NovuTesting cannot depend on NovuServer (the layering forbids it), so this fixture lives in the test target.
final class LoopbackNovuServer: Sendable {
    let harness: EngineHarness
    let port: Int
    private let task: Task<Void, any Error>

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts the server and waits until it listens.
    init(maximumBodyBytes: Int? = nil) async throws {
        let harness = try EngineHarness()
        self.harness = harness
        var configuration = NovuServer.Configuration(host: "127.0.0.1", port: 0, logsRequests: false)
        if let maximumBodyBytes { configuration.maximumBodyBytes = maximumBodyBytes }
        let server = NovuServer(
            engine: harness.engine, configuration: configuration,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        task = Task { try await server.run(handlesSignals: false) { port in continuation.yield(port) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw LoopbackError.didNotStart }
        self.port = port
    }

    /// An HTTP transport to this server with the Development key (or `key`).
    func transport(key: String? = nil, retry: RetryPolicy = .none) throws -> HTTPTransport {
        try HTTPTransport(configuration: .init(baseURL: baseURL, apiKey: key ?? harness.apiKey, retry: retry))
    }

    /// Stops the server.
    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    enum LoopbackError: Error { case didNotStart }
}

/// Runs `body` with a started server and an HTTP client on it, and stops both afterwards.
func withLoopbackServer(
    _ body: (LoopbackNovuServer, NovuClient) async throws -> Void
) async throws {
    let server = try await LoopbackNovuServer()
    let transport = try server.transport()
    do {
        try await body(server, NovuClient(transport: transport))
    } catch {
        try? await transport.shutdown()
        await server.stop()
        throw error
    }
    try await transport.shutdown()
    await server.stop()
}
