/// How one run of the shell was asked to behave (from the command line).
public struct ShellOptions: Sendable, Equatable {
    /// Chunks given with `-e`, run in order before the script.
    public var evaluate: [String] = []
    /// The script to run (`-` for standard input), or `nil` for none.
    public var script: String?
    /// Arguments after the script, visible as `arg[1]…` and `...`.
    public var arguments: [String] = []
    /// Stay interactive after running `-e` chunks or a script (`-i`).
    public var interactive = false
    /// Skip the startup file (`--norc`).
    public var skipStartupFile = false
    /// `--profile NAME`: a profile of config.toml.
    public var profile: String?
    /// `--url URL` (or `us` / `eu`): a Novu server for this run.
    public var url: String?
    /// `--store PATH`: a local engine store for this run.
    public var store: String?
    /// `--json`: print every result as JSON.
    public var json = false
    /// `--dry-run`: send reads, print writes instead of sending them.
    public var dryRun = false
    /// `--yes`: allow writes on a protected profile in batch.
    public var assumeYes = false
    /// The command line as typed, for `arg[-n]` (the interpreter and options before the script).
    public var commandLine: [String] = []

    /// Creates options.
    public init(
        evaluate: [String] = [], script: String? = nil, arguments: [String] = [], interactive: Bool = false,
        skipStartupFile: Bool = false, commandLine: [String] = []
    ) {
        self.evaluate = evaluate
        self.script = script
        self.arguments = arguments
        self.interactive = interactive
        self.skipStartupFile = skipStartupFile
        self.commandLine = commandLine
    }

    /// True when the REPL should run: nothing else to do, or `-i`.
    public var runsREPL: Bool { interactive || (evaluate.isEmpty && script == nil) }
}
