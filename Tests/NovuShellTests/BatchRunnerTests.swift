import Foundation
import NovuTesting
import Testing

/// The batch side of the shell, through the built binary: `-e`, scripts, `-`, `-i`, exit statuses,
/// and which stream gets what.
@Suite(.timeLimit(.minutes(2)))
struct BatchRunnerTests {
    let home: TemporaryHome

    init() throws { home = try TemporaryHome() }

    func novush(_ arguments: [String], input: String = "") async throws -> ProcessResult {
        try await ProcessResult.run(NovushBinary.url, arguments: arguments, input: input, environment: home.environment())
    }

    func script(_ text: String) throws -> String {
        let url = home.url.appendingPathComponent("script-\(UUID().uuidString.prefix(6)).lua")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func evaluatedCodePrintsToStdoutAndExitsZero() async throws {
        let result = try await novush(["-e", "print(6 * 7)", "-e", "io.write('second\\n')"])
        #expect(result.status == 0)
        #expect(result.stdout == "42\nsecond\n")
        #expect(result.stderr == "")
    }

    @Test func aLuaErrorExitsOneWithMessageAndTracebackOnStderr() async throws {
        let result = try await novush(["-e", "print('before')", "-e", "local t = nil; return t.x"])
        #expect(result.status == 1)
        #expect(result.stdout == "before\n")
        #expect(result.stderr.contains("attempt to index a nil value"))
        #expect(result.stderr.contains("stack traceback:"))
    }

    @Test func aUsageErrorExitsTwo() async throws {
        let unknown = try await novush(["--no-such-flag"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--no-such-flag"))
        let missingValue = try await novush(["-e"])
        #expect(missingValue.status == 2)
    }

    @Test func helpAndTheEqualsFormGoThroughTheFullParser() async throws {
        let help = try await novush(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: novush"))
        #expect(help.stdout.contains("serve"))
        let equals = try await novush(["--json", "--store=\(home.url.path)/eq.sqlite", "-e", "print(novu.whoami().store)"])
        #expect(equals.status == 0, "\(equals.stderr)")
        #expect(equals.stdout == "\(home.url.path)/eq.sqlite\n")
    }

    @Test func aScriptGetsItsArgumentsAsArgAndVarargs() async throws {
        let path = try script(
            """
            #!/usr/bin/env novush
            local a, b = ...
            print(arg[0] == SCRIPT, arg[1], arg[2], a, b, #arg)
            """.replacingOccurrences(of: "SCRIPT", with: "'\(home.url.path)/'..arg[0]:match('[^/]+$')"))
        let result = try await novush([path, "one", "two words"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "true\tone\ttwo words\tone\ttwo words\t2\n")
    }

    @Test func errorsInAScriptNameTheFileAndLine() async throws {
        let path = try script("#!/usr/bin/env novush\nlocal x = 1\nerror('broken on three')\n")
        let result = try await novush([path])
        #expect(result.status == 1)
        #expect(result.stderr.contains(":3: broken on three"))
        #expect(result.stderr.contains("in main chunk"))
    }

    @Test func aSyntaxErrorInAScriptIsReportedWithoutRunningIt() async throws {
        let path = try script("print('ran')\nx = = 1\n")
        let result = try await novush([path])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr.contains(":2:"))
    }

    @Test func aMissingScriptIsAnError() async throws {
        let result = try await novush([home.url.appendingPathComponent("nope.lua").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot open"))
    }

    @Test func dashReadsTheScriptFromStandardInput() async throws {
        let result = try await novush(["-", "x"], input: "print('from stdin', ...)\n")
        #expect(result.status == 0)
        #expect(result.stdout == "from stdin\tx\n")
    }

    @Test func pipedLinesRunAsAREPLWithoutPrompts() async throws {
        let result = try await novush([], input: "x = 20\nx + 22\n=x\nfunction f()\n  return 'multi'\nend\nf()\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "42\n20\n\"multi\"\n")
    }

    @Test func theREPLReportsAnErrorAndGoesOn() async throws {
        let result = try await novush([], input: "error('first')\nprint('still here')\n")
        #expect(result.status == 0)
        #expect(result.stderr.contains("first"))
        #expect(result.stdout == "still here\n")
    }

    @Test func interactiveFlagKeepsTheREPLAfterAScript() async throws {
        let path = try script("answer = 41\n")
        let result = try await novush(["-i", path], input: "answer + 1\n")
        #expect(result.status == 0)
        #expect(result.stdout == "42\n")
    }

    @Test func theStartupFileRunsForInteractiveSessionsUnlessNorc() async throws {
        let config = home.configHome.appendingPathComponent("novush")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try Data("greeting = 'from init'\n".utf8).write(to: config.appendingPathComponent("init.lua"))
        let withRC = try await novush([], input: "greeting\n")
        #expect(withRC.stdout == "\"from init\"\n")
        let without = try await novush(["--norc"], input: "greeting\n")
        #expect(without.stdout == "nil\n")
        let batch = try await novush(["-e", "print(greeting)"])
        #expect(batch.stdout == "nil\n")
    }

    @Test func jsonHelpersRoundTripNullAndEmptyContainers() async throws {
        let result = try await novush([
            "-e",
            "local v = json.decode('{\"a\":[],\"b\":{},\"c\":null,\"d\":1.0,\"e\":1}') print(json.encode(v)) print(math.type(v.d), math.type(v.e), v.c == json.null)",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "{\"a\":[],\"b\":{},\"c\":null,\"d\":1.0,\"e\":1}\nfloat\tinteger\ttrue\n")
    }

    @Test func everyWriteOfABatchIsInTheJournalWhenTheProcessEnds() async throws {
        // The journal is written in the background: once the process has ended, every line is in the
        // file, a large one written by the script's last statement too.
        let result = try await novush([
            "--norc", "-e", #"for i = 1, 300 do novu.subscribers.create({subscriberId = "j" .. i}) end"#,
            "-e", #"novu.subscribers.create({subscriberId = "last", data = {blob = string.rep("x", 200000)}})"#,
        ])
        #expect(result.status == 0)
        let journal = home.stateHome.appendingPathComponent("novush/journal-local.jsonl")
        let lines = try String(contentsOf: journal, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 301)
        #expect(lines.last?.contains(#""subscriberId":"last""#) == true)
    }

    @Test func aJournalThatCannotBeWrittenIsAWarningAndTheWriteStillCounts() async throws {
        // The journal's directory is a file: the journal cannot be created.
        let state = home.stateHome.appendingPathComponent("novush")
        try FileManager.default.createDirectory(at: home.stateHome, withIntermediateDirectories: true)
        try Data().write(to: state)
        let result = try await novush([
            "--norc", "-e", #"novu.subscribers.create({subscriberId = "w1"}); print(novu.subscribers.retrieve("w1").subscriberId)"#,
        ])
        #expect(result.status == 0)
        #expect(result.stdout == "w1\n")
        #expect(result.stderr.contains("was sent but could not be journaled"))
    }
}
