import Foundation

/// Where novush keeps its files, following the XDG base directory rules.
public struct ShellPaths: Sendable {
    /// `$XDG_CONFIG_HOME/novush` (default `~/.config/novush`): config.toml and init.lua.
    public var config: String
    /// `$XDG_STATE_HOME/novush` (default `~/.local/state/novush`): history and journals.
    public var state: String
    /// `$XDG_DATA_HOME/novush` (default `~/.local/share/novush`): the embedded engine's store.
    public var data: String

    /// Paths from the process's environment.
    public init() { self.init(environment: ProcessInfo.processInfo.environment) }

    /// Paths from an environment.
    public init(environment: [String: String]) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        func base(_ variable: String, _ fallback: String) -> String {
            if let value = environment[variable], value.hasPrefix("/") { return value }
            return home + "/" + fallback
        }
        config = base("XDG_CONFIG_HOME", ".config") + "/novush"
        state = base("XDG_STATE_HOME", ".local/state") + "/novush"
        data = base("XDG_DATA_HOME", ".local/share") + "/novush"
    }

    /// The startup file run before an interactive session.
    public var startupFile: String { config + "/init.lua" }

    /// The REPL history of one profile.
    public func historyFile(profile: String) -> String { state + "/history-\(profile)" }

    /// Creates `directory` (and its parents) with owner-only permissions when missing.
    public static func ensureDirectory(_ directory: String) {
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}
