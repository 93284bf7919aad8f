import ArgumentParser
import Foundation
import Logging
import NIOPosix
import NovuEngine
import NovuKit
import NovuServer

extension Novush {
    /// `novush serve`: the local engine over HTTP, for the official SDKs and other shells.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve a local Novu-compatible engine over HTTP.",
            discussion: """
                Point a Novu SDK at the printed URL with the printed Development API key. On first start \
                of a store the key is printed (NOVU_SECRET_KEY, when set, becomes that key). The store may \
                be used by a shell at the same time. SIGTERM or SIGINT stops the server after the requests \
                in flight are answered.
                """)

        @Option(help: "The address to bind (loopback unless told otherwise).")
        var host = "127.0.0.1"

        @Option(help: "The port (0 picks a free one; the URL printed says which).")
        var port = 3000

        @Option(help: ArgumentHelp("The SQLite store (default: $XDG_DATA_HOME/novush/local.sqlite).", valueName: "path"))
        var store: String?

        @Flag(help: "Do not log each request.")
        var quiet = false

        @Option(
            name: .customLong("rate-limit"),
            help: ArgumentHelp(
                "Novu's rate limits to apply: unlimited (Novu's top tier, the default), free, or off.", valueName: "tier"))
        var rateLimit = "unlimited"

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
            guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
            guard Self.rateLimits(rateLimit) != nil else {
                throw ValidationError("--rate-limit must be unlimited, free or off (not \(rateLimit))")
            }
        }

        func run() async throws {
            NovuServer.runTasks(on: .singleton)
            let environment = ProcessInfo.processInfo.environment
            let path = store.map { NovuConfiguration.expandPath($0, environment: environment) }
                ?? NovuConfiguration.defaultStorePath(environment: environment)
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let secret = environment["NOVU_SECRET_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            var configuration = Engine.Configuration()
            configuration.rateLimits = Self.rateLimits(rateLimit) ?? .unlimited
            let engine = try Engine(path: path, apiKey: secret, configuration: configuration)
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .info
                return handler
            }
            let logger = Logger(label: "novush.serve")
            if !["127.0.0.1", "::1", "localhost"].contains(host) {
                logger.warning("binding to \(host): the engine is reachable from other machines")
            }
            engine.worker.start()
            let server = NovuServer(
                engine: engine, configuration: .init(host: host, port: port, logsRequests: !quiet), logger: logger)
            let keys = engine.createdKeys
            let shownHost = host.contains(":") ? "[\(host)]" : host
            try await server.run { boundPort in
                var lines = ["novush serve: listening on http://\(shownHost):\(boundPort)", "store: \(path)"]
                if let keys {
                    lines.append("Development API key: \(keys.development)")
                } else {
                    lines.append("the store already existed: its API keys are unchanged")
                }
                FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            }
            await engine.worker.stop()
        }

        /// The engine's limits for a `--rate-limit` tier; `off` is limits no loopback client can reach.
        static func rateLimits(_ tier: String) -> Engine.RateLimits? {
            switch tier {
            case "unlimited": .unlimited
            case "free": .free
            case "off": .off
            default: nil
            }
        }
    }
}
