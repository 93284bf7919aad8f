import NovuShell
import Testing

/// The fast reader of everyday command lines: what it accepts and what it leaves to the full parser.
struct ShellCommandLineTests {
    let subcommands: Set<String> = ["serve", "journal", "undo"]

    func parse(_ arguments: [String]) -> ShellOptions? {
        ShellCommandLine.parse(arguments, subcommands: subcommands, commandLine: ["novush"] + arguments)
    }

    @Test func repeatedEvaluateOptionsKeepTheirOrder() throws {
        let options = try #require(parse(["-e", "print(1)", "-e", "print(2)"]))
        #expect(options.evaluate == ["print(1)", "print(2)"])
        #expect(options.script == nil)
        #expect(!options.runsREPL)
    }

    @Test func everyFlagAndValuedOptionIsRead() throws {
        let options = try #require(parse([
            "-i", "--norc", "--json", "--dry-run", "--yes", "--profile", "prod", "--url", "eu", "--store", "/tmp/s.sqlite",
        ]))
        var expected = ShellOptions(interactive: true, skipStartupFile: true, commandLine: options.commandLine)
        expected.json = true
        expected.dryRun = true
        expected.assumeYes = true
        expected.profile = "prod"
        expected.url = "eu"
        expected.store = "/tmp/s.sqlite"
        #expect(options == expected)
    }

    @Test func everythingAfterTheScriptBelongsToTheScript() throws {
        let options = try #require(parse(["--json", "fix.lua", "-e", "x", "--yes"]))
        #expect(options.script == "fix.lua")
        #expect(options.arguments == ["-e", "x", "--yes"])
        #expect(options.evaluate.isEmpty)
        #expect(!options.assumeYes)
        let stdin = try #require(parse(["-", "a"]))
        #expect(stdin.script == "-")
        #expect(stdin.arguments == ["a"])
    }

    @Test func noArgumentsMeansTheREPL() throws {
        let options = try #require(parse([]))
        #expect(options.runsREPL)
        #expect(options.commandLine == ["novush"])
    }

    @Test(arguments: [
        ["--help"], ["-h"], ["--version"], ["--no-such-flag"], ["--profile=prod"], ["--profile"], ["-e"],
        ["-e", "--json"], ["--profile", "-x"], ["--json", "--json"], ["serve"], ["undo", "3"], ["--", "x.lua"],
    ])
    func unusualCommandLinesAreLeftToTheFullParser(arguments: [String]) {
        #expect(parse(arguments) == nil)
    }
}
