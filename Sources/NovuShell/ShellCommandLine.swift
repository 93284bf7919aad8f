/// The shell's everyday command lines, read without a general argument parser.
///
/// `novush -e 'print(1)'` should start as fast as `lua`; a general parser spends milliseconds on
/// reflection before the first line of Lua runs. This reader accepts the common forms (the options of
/// `novush --help`, each spelled exactly once in its usual way, then the script and its arguments) and
/// returns `nil` for anything else (`--help`, `--profile=x`, an unknown option, a subcommand name), so the
/// caller can hand those to the full parser, which also writes the usage errors.
public enum ShellCommandLine {
    /// Options that take a value in the next argument, and where the value goes.
    private static let valued: [String: any WritableKeyPath<ShellOptions, String?> & Sendable] = [
        "--profile": \.profile, "--url": \.url, "--store": \.store,
    ]

    /// Flags, and what they set.
    private static let flags: [String: any WritableKeyPath<ShellOptions, Bool> & Sendable] = [
        "-i": \.interactive, "--norc": \.skipStartupFile, "--json": \.json, "--dry-run": \.dryRun, "--yes": \.assumeYes,
    ]

    /// Reads `arguments` (the command line without the program name).
    ///
    /// - Parameters:
    ///   - arguments: the arguments after `novush`.
    ///   - subcommands: words that name a subcommand when they come first; those command lines are not
    ///     the shell's.
    ///   - commandLine: the full command line, kept for `arg[-n]`.
    /// - Returns: the options, or `nil` when the command line needs the full parser.
    public static func parse(_ arguments: [String], subcommands: Set<String>, commandLine: [String]) -> ShellOptions? {
        if let first = arguments.first, subcommands.contains(first) { return nil }
        var options = ShellOptions(commandLine: commandLine)
        var seen: Set<String> = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "-" || !argument.hasPrefix("-") {
                options.script = argument
                options.arguments = Array(arguments[(index + 1)...])
                return options
            }
            // A value that looks like an option is the full parser's to reject.
            let value = index + 1 < arguments.count && !arguments[index + 1].hasPrefix("-") ? arguments[index + 1] : nil
            if argument == "-e" {
                guard let value else { return nil }
                options.evaluate.append(value)
                index += 2
                continue
            }
            // A repeated option is left to the full parser, which decides what it means.
            guard seen.insert(argument).inserted else { return nil }
            if let flag = flags[argument] {
                options[keyPath: flag] = true
                index += 1
            } else if let option = valued[argument], let value {
                options[keyPath: option] = value
                index += 2
            } else {
                return nil
            }
        }
        return options
    }
}
