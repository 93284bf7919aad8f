import Foundation
public import NIOCore
public import NovuKit
import NovuEngine
import Synchronization

/// Where `novu.*` calls go for one profile: the embedded engine on a store file, or a Novu server
/// over HTTPS. Opened lazily on the first call, so starting the shell costs nothing.
public final class NovuConnection: Sendable {
    /// The profile this connection serves.
    public let profile: ResolvedProfile
    private let opened = Mutex<Opened?>(nil)
    private let beforeImagesInAnswers = Mutex<Bool?>(nil)
    private let loops: Mutex<(any EventLoopGroup)?>

    private struct Opened: Sendable {
        var client: NovuClient
        var engine: Engine?
        var http: HTTPTransport?
    }

    /// Creates a connection for a resolved profile (nothing is opened yet).
    /// - Parameter eventLoopGroup: where HTTP connections live; `nil` for AsyncHTTPClient's shared loops.
    public init(profile: ResolvedProfile, eventLoopGroup: (any EventLoopGroup)? = nil) {
        self.profile = profile
        self.loops = Mutex(eventLoopGroup)
    }

    /// The event loops HTTP connections live on (`nil`: AsyncHTTPClient's shared ones). Setting it
    /// affects a connection that is not open yet (it opens at the first call).
    public var eventLoopGroup: (any EventLoopGroup)? {
        get { loops.withLock { $0 } }
        set { loops.withLock { $0 = newValue } }
    }

    /// The short place name shown in the prompt: `local`, `eu`, `us`, or the server's host.
    public var placeName: String {
        if profile.isLocal { return "local" }
        guard let url = profile.url else { return "?" }
        if url == NovuConfiguration.euURL { return "eu" }
        if url == NovuConfiguration.usURL { return "us" }
        return URL(string: url)?.host ?? url
    }

    /// Whether the server answers a write's ``BeforeImageHeader`` (a novush engine does, Novu does
    /// not); `nil` until a journaled write has told. The local engine always does.
    var answersBeforeImages: Bool? {
        get { profile.storePath != nil ? true : beforeImagesInAnswers.withLock { $0 } }
        set { beforeImagesInAnswers.withLock { $0 = newValue } }
    }

    /// The client, opening the engine or the HTTP transport on first use. The embedded engine's
    /// worker starts with it, so triggers are delivered in the background.
    /// - Throws: ``NovuClientError`` when the store cannot be opened or the URL is invalid.
    public func client() throws(NovuClientError) -> NovuClient {
        try opened.withLock { (state: inout Opened?) throws(NovuClientError) -> NovuClient in
            if let state { return state.client }
            let made = try open()
            state = made
            return made.client
        }
    }

    private func open() throws(NovuClientError) -> Opened {
        if let path = profile.storePath {
            let directory = (path as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            do {
                // The user's own local engine: Novu's rate limits would only slow their scripts down.
                var configuration = Engine.Configuration()
                configuration.rateLimits = .off
                let engine = try Engine(path: path, configuration: configuration)
                engine.worker.start()
                return Opened(client: NovuClient(transport: EngineTransport(engine: engine)), engine: engine)
            } catch {
                throw NovuClientError(.connectionFailed, "cannot open the local store \(path): \(error)")
            }
        }
        var configuration = HTTPTransport.Configuration(baseURL: profile.url ?? NovuConfiguration.usURL, apiKey: profile.apiKey)
        configuration.eventLoopGroup = eventLoopGroup
        let http = try HTTPTransport(configuration: configuration)
        return Opened(client: NovuClient(transport: http), http: http)
    }

    /// Stops the engine's worker or closes the HTTP client, if they were opened.
    public func close() async {
        let state = opened.withLock { state -> Opened? in
            defer { state = nil }
            return state
        }
        if let engine = state?.engine { await engine.worker.stop() }
        if let http = state?.http { try? await http.shutdown() }
    }
}
