public import Foundation

/// The built `novush` executable, for end-to-end tests.
///
/// SwiftPM builds executables into the same directory as the test bundle (`.build/debug/`), so the
/// binary is found next to the running test executable. Set `NOVUSH_BIN` to test another build.
public enum NovushBinary {
    /// Where the `novush` executable is (it may not exist if it was not built).
    public static var url: URL {
        if let override = ProcessInfo.processInfo.environment["NOVUSH_BIN"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        for directory in candidateDirectories {
            let candidate = directory.appendingPathComponent("novush")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return (candidateDirectories.first ?? URL(fileURLWithPath: ".")).appendingPathComponent("novush")
    }

    /// Whether ``url`` points at an executable file.
    public static var exists: Bool {
        FileManager.default.isExecutableFile(atPath: url.path)
    }

    /// Directories that may hold the binary: the test executable's own directory and the
    /// directories above it (on macOS the `.xctest` bundle's executable is nested inside it).
    private static var candidateDirectories: [URL] {
        var starts: [URL] = []
        let argument0 = CommandLine.arguments.first ?? ""
        if !argument0.isEmpty {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            starts.append(URL(fileURLWithPath: argument0, relativeTo: cwd).standardizedFileURL)
        }
        if let executable = Bundle.main.executableURL { starts.append(executable) }
        starts.append(Bundle.main.bundleURL)
        var directories: [URL] = []
        for start in starts {
            var directory = start.resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                if !directories.contains(directory) { directories.append(directory) }
                if directory.pathExtension == "xctest" {
                    directories.append(directory.deletingLastPathComponent())
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        return directories
    }
}

/// A temporary home directory for one test: `HOME` and the XDG directories point inside it, so
/// config, history and the local store never touch the real ones. Removed on `deinit`.
public final class TemporaryHome: Sendable {
    /// The directory (`HOME`).
    public var url: URL { directory.url }
    private let directory: ScratchDirectory

    /// Creates an empty home under the system temporary directory.
    ///
    /// - Throws: `CocoaError` when the directory cannot be created.
    public init() throws {
        directory = try ScratchDirectory("home")
    }

    /// `$XDG_STATE_HOME` (history lives under `novush/`).
    public var stateHome: URL { url.appendingPathComponent(".local/state", isDirectory: true) }
    /// `$XDG_CONFIG_HOME`.
    public var configHome: URL { url.appendingPathComponent(".config", isDirectory: true) }
    /// `$XDG_DATA_HOME` (the local engine's store lives under `novush/`).
    public var dataHome: URL { url.appendingPathComponent(".local/share", isDirectory: true) }
    /// `$XDG_CACHE_HOME`.
    public var cacheHome: URL { url.appendingPathComponent(".cache", isDirectory: true) }

    /// The environment a `novush` under test runs with: a UTF-8 locale, this home and its XDG
    /// directories, the caller's `PATH`, and no Novu credentials from the caller's environment.
    ///
    /// - Parameter extra: Variables to add or override.
    /// - Returns: The environment.
    public func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment: [String: String] = [
            "HOME": url.path,
            "XDG_CONFIG_HOME": configHome.path,
            "XDG_DATA_HOME": dataHome.path,
            "XDG_STATE_HOME": stateHome.path,
            "XDG_CACHE_HOME": cacheHome.path,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
        ]
        environment.merge(extra) { $1 }
        return environment
    }
}

/// What a finished process printed and how it ended.
public struct ProcessResult: Sendable, Equatable {
    /// The exit status (or the signal number when `terminatedBySignal`).
    public var status: Int32
    /// True when a signal ended the process (for example the timeout's SIGKILL).
    public var terminatedBySignal: Bool
    /// Everything written to stdout, decoded as UTF-8.
    public var stdout: String
    /// Everything written to stderr, decoded as UTF-8.
    public var stderr: String

    /// Creates a result.
    public init(status: Int32, terminatedBySignal: Bool = false, stdout: String, stderr: String) {
        self.status = status
        self.terminatedBySignal = terminatedBySignal
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Runs a program to completion with `input` on its stdin (a file, so it is not a terminal).
    ///
    /// - Parameters:
    ///   - executable: The program.
    ///   - arguments: Its arguments.
    ///   - input: What the program reads on stdin.
    ///   - environment: Its whole environment (nil: inherit the caller's).
    ///   - timeout: Seconds after which the process is killed (the result then has
    ///     `terminatedBySignal` set).
    /// - Returns: The exit status and the output.
    /// - Throws: `CocoaError` when the program cannot be started or the temporary files cannot be made.
    public static func run(
        _ executable: URL, arguments: [String] = [], input: String = "", environment: [String: String]? = nil,
        timeout: Double = 60
    ) async throws -> ProcessResult {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("novush-run-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputURL = directory.appendingPathComponent("stdin")
        let outputURL = directory.appendingPathComponent("stdout")
        let errorURL = directory.appendingPathComponent("stderr")
        try Data(input.utf8).write(to: inputURL)
        let started = Spawn.start(
            executable.path, arguments: arguments, environment: environment ?? ProcessInfo.processInfo.environment,
            input: inputURL.path, output: outputURL.path, error: errorURL.path)
        guard case .success(let pid) = started else {
            throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: executable.path])
        }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        var killed = false
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { break }
            if !killed && Date() >= deadline {
                kill(pid, SIGKILL)
                killed = true
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        let (exitStatus, signalled) = Spawn.exitStatus(status)

        let output = (try? Data(contentsOf: outputURL)) ?? Data()
        let error = (try? Data(contentsOf: errorURL)) ?? Data()
        return ProcessResult(
            status: exitStatus, terminatedBySignal: signalled,
            stdout: String(decoding: output, as: UTF8.self), stderr: String(decoding: error, as: UTF8.self))
    }
}
