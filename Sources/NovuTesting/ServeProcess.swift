public import Foundation

/// A `novush serve` process on a free loopback port with a fresh store, for end-to-end tests.
///
/// ```swift
/// let serve = try await ServeProcess.start()
/// defer { serve.stop() }
/// // HTTPTransport(configuration: .init(baseURL: serve.baseURL, apiKey: serve.apiKey))
/// ```
public final class ServeProcess: @unchecked Sendable {
    /// `http://127.0.0.1:<port>`.
    public let baseURL: String
    /// The Development API key of the fresh store.
    public let apiKey: String
    /// The store file.
    public let storePath: String
    /// Where the server's request log goes, when started with `logsRequests`.
    public let logPath: String?
    // Invariant: `process` is only started in `start` and only signalled in `stop`.
    private let process: Process
    private let output: Pipe
    /// The directory of a store this type made; removed after the process has ended.
    private let scratch: ScratchDirectory?

    private init(
        baseURL: String, apiKey: String, storePath: String, logPath: String?, process: Process, output: Pipe,
        scratch: ScratchDirectory?
    ) {
        self.scratch = scratch
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.storePath = storePath
        self.logPath = logPath
        self.process = process
        self.output = output
    }

    /// Starts `novush serve --port 0` on a new store, with `NOVU_SECRET_KEY` set to a new key. A store
    /// made here is removed once the process has ended and the last reference is gone.
    /// - Parameter logsRequests: keep the server's request log (one line per request) in a file next
    ///   to the store, for ``requestLog()``; otherwise the server runs with `--quiet`.
    /// - Throws: ``ServeProcessError`` when the binary is missing or does not print its URL in time.
    public static func start(
        binary: URL = NovushBinary.url, apiKey: String = "sk_test_" + UUID().uuidString.lowercased(),
        storePath: String? = nil, logsRequests: Bool = false, extraArguments: [String] = []
    ) async throws -> ServeProcess {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw ServeProcessError(message: "no novush binary at \(binary.path)")
        }
        let scratch: ScratchDirectory? = storePath == nil ? try ScratchDirectory("serve") : nil
        let store = storePath ?? scratch?.path("store.sqlite") ?? ""
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--store", store]
            + (logsRequests ? [] : ["--quiet"]) + extraArguments
        var environment = ProcessInfo.processInfo.environment
        environment["NOVU_SECRET_KEY"] = apiKey
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        var logPath: String?
        if logsRequests {
            let path = (store as NSString).deletingLastPathComponent + "/requests.log"
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: path)
            logPath = path
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        let handle = output.fileHandleForReading
        let url: String? = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var text = ""
                let deadline = Date().addingTimeInterval(30)
                while Date() < deadline {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    text += String(decoding: chunk, as: UTF8.self)
                    if let range = text.range(of: "listening on "), let end = text[range.upperBound...].firstIndex(of: "\n") {
                        continuation.resume(returning: String(text[range.upperBound..<end]))
                        return
                    }
                }
                continuation.resume(returning: nil)
            }
        }
        guard let url else {
            process.terminate()
            throw ServeProcessError(message: "novush serve did not print its URL")
        }
        return ServeProcess(baseURL: url, apiKey: apiKey, storePath: store, logPath: logPath, process: process, output: output,
            scratch: scratch)
    }

    /// The requests logged so far as `METHOD /path STATUS` (empty unless started with `logsRequests`).
    public func requestLog() -> [String] {
        guard let logPath, let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard let method = words.firstIndex(where: { ["GET", "POST", "PUT", "PATCH", "DELETE"].contains($0) }),
                words.count > method + 2
            else { return nil }
            return words[method...(method + 2)].joined(separator: " ")
        }
    }

    /// Whether the process is still running.
    public var isRunning: Bool { process.isRunning }

    /// Sends SIGTERM and waits for the process to end; returns its exit status.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning {
            process.terminate()
            Self.waitUntilEnded(process)
        }
        return process.terminationStatus
    }

    /// Sends SIGTERM without waiting (the server finishes the requests in flight, then exits).
    public func terminate() {
        if process.isRunning { process.terminate() }
    }

    /// Waits for the process to end; returns its exit status.
    public func waitForExit() -> Int32 {
        Self.waitUntilEnded(process)
        return process.terminationStatus
    }

    /// Polls until Foundation has seen the process end. (`Process.waitUntilExit` spins in a run
    /// loop when called off the main thread on Linux, and can starve the test's cooperative pool.)
    static func waitUntilEnded(_ process: Process, timeout: Double = 60) {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
    }

    deinit {
        if process.isRunning {
            process.terminate()
            Self.waitUntilEnded(process, timeout: 10)
        }
    }
}

/// `novush serve` could not be started.
public struct ServeProcessError: Error, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    public var description: String { message }
}
