import Foundation
import NovuTesting
import Testing

/// `novu.each` end to end: the built `novush` binary in a real terminal (tmux) for the progress bar
/// and Ctrl-C, with pipes for batch runs, and against `novush serve` over loopback HTTP.
///
/// Items that must take a while busy-wait on `os.clock()` (CPU time, so a loaded machine makes a
/// run longer, never shorter), which keeps the runs free of network timing.
@Suite(
    .serialized, .timeLimit(.minutes(3)),
    .enabled(if: NovushBinary.exists, "the novush binary is not built")
)
struct NovuEachTerminalTests {
    /// A global `work(seconds)` that busy-waits: an item that takes a known time.
    static let work = "function work(s) local t = os.clock() while os.clock() - t < s do end end"

    // MARK: - Progress bar

    @Test(.enabled(if: TerminalSession.isAvailable, "tmux is not installed"))
    func progressBarShowsCountRateAndETAOnATerminalThenGivesWayToTheReport() async throws {
        let home = try TemporaryHome()
        let repl = try await EachRepl(home: home)
        try await repl.enter(Self.work)
        try await repl.enter("items = {} for i = 1, 400 do items[i] = i end")
        try await repl.enter(#"job = function(i) work(0.005) if i % 100 == 7 then error("refused " .. i, 0) end end"#)
        let before = repl.promptCount()
        // Everything written to the terminal is recorded: the bar is drawn and erased again, and a
        // screen capture on a busy machine may fall between two draws.
        let recording = home.url.appendingPathComponent("terminal.out")
        try repl.session.recordOutput(to: recording)
        repl.session.typeLine("novu.each(items, job, {concurrency = 4})")
        let final = try await repl.session.waitUntil("the prompt after novu.each") { repl.promptCount($0) > before }
        // The bar while the run went on: count of the total, rate, ETA, and the failures so far, each
        // draw at the start of the line ("\r") and erasing what was left of the last one (ESC [K).
        let output = try String(contentsOf: recording, encoding: .utf8)
        let bar = try Self.bar(total: 400, failed: true)
        let draws = output.split(separator: "\r").filter { $0.firstMatch(of: bar) != nil }
        #expect(!draws.isEmpty, "no progress bar with a failure was drawn; output:\n\(output.debugDescription)")
        #expect(draws.allSatisfy { $0.hasPrefix("[") && $0.contains("\u{1B}[K") }, "\(draws.prefix(3))")
        // The report is printed and the bar is gone (cleared, not left above the report).
        #expect(final.contains("ok = 396"), "screen:\n\(final)")
        for failed in [7, 107, 207, 307] {
            #expect(
                final.contains(#"{ error = "refused \#(failed)", item = \#(failed) }"#),
                "no failure for item \(failed); screen:\n\(final)")
        }
        #expect(!final.contains("/400"), "the progress bar was left on the screen:\n\(final)")
        #expect(!final.contains("ETA"), "the progress bar was left on the screen:\n\(final)")
        #expect(repl.session.exitStatus() == nil)
    }

    @Test func batchRunWithStderrNotATerminalPrintsTheReportAndNoProgressBar() async throws {
        let home = try TemporaryHome()
        let script = """
            \(Self.work)
            local items = {}
            for i = 1, 200 do items[i] = i end
            local report = novu.each(items, function(i)
              work(0.001)
              if i == 50 then error("refused " .. i, 0) end
            end, {concurrency = 4})
            print("report", report.ok, #report.failed, report.failed[1].item, tostring(report.failed[1].error))
            """
        let result = try await ProcessResult.run(
            NovushBinary.url, arguments: ["--norc", "-e", script], environment: home.environment(), timeout: 60)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "report\t199\t1\t50\trefused 50\n")
        // Nothing of the bar: no carriage return, no erase-line escape, no count, rate or ETA.
        #expect(result.stderr.isEmpty, "stderr: \(result.stderr.debugDescription)")
        #expect(!(result.stdout + result.stderr).contains("\r"))
        #expect(!(result.stdout + result.stderr).contains("\u{1B}[K"))
        #expect(try (result.stdout + result.stderr).firstMatch(of: Self.bar(total: 200, failed: false)) == nil)
    }

    // MARK: - Ctrl-C

    @Test(.enabled(if: TerminalSession.isAvailable, "tmux is not installed"))
    func controlCStopsALongEachAtThePromptAndTheShellStaysUsable() async throws {
        let home = try TemporaryHome()
        let repl = try await EachRepl(home: home)
        try await repl.enter(Self.work)
        try await repl.enter("done = 0 ids = {} for i = 1, 5000 do ids[i] = i end")
        try await repl.enter("job = function() work(0.005) done = done + 1 end")
        let before = repl.promptCount()
        let bar = try Self.bar(total: 5000, failed: false)
        repl.session.typeLine("novu.each(ids, job, {concurrency = 4})")
        try await repl.session.waitUntil("a progress bar") { $0.firstMatch(of: bar) != nil }
        repl.session.send(keys: "C-c")
        let screen = try await repl.session.waitUntil("the prompt after Ctrl-C") { repl.promptCount($0) > before }
        let match = try #require(
            screen.firstMatch(of: /novu\.each: interrupted after (\d+) of 5000 items \((\d+) ok, 0 failed\)/),
            "no interruption message; screen:\n\(screen)")
        let finished = try #require(Int(match.output.1))
        #expect(finished > 0 && finished < 5000, "screen:\n\(screen)")
        #expect(Int(match.output.2) == finished)
        #expect(screen.contains("interrupted!"), "the chunk's error is not reported; screen:\n\(screen)")
        #expect(!screen.contains("ETA"), "the progress bar was left on the screen:\n\(screen)")
        #expect(repl.session.exitStatus() == nil, "Ctrl-C during novu.each must not leave the REPL")

        // Nothing goes on running after the prompt is back, and the shell (and novu.each) still work.
        let counted = try await repl.enter("print('done=' .. done)")
        try await Task.sleep(for: .milliseconds(300))
        let countedAgain = try await repl.enter("print('done=' .. done)")
        #expect(counted.count == 1 && counted.first?.hasPrefix("done=") == true, "\(counted)")
        #expect(counted == countedAgain, "done went on from \(counted) to \(countedAgain)")
        #expect(try await repl.enter("print(1+1)") == ["2"])
        #expect(try await repl.enter("print(novu.each({1, 2, 3}, function() end, {progress = false}).ok)") == ["3"])
    }

    @Test(.enabled(if: TerminalSession.isAvailable, "tmux is not installed"))
    func controlCStopsAScriptInNovuEachWithStatusOneAndRunsNothingAfter() async throws {
        let home = try TemporaryHome()
        let script = home.url.appendingPathComponent("long.lua")
        try Data(
            """
            \(Self.work)
            local ids = {}
            for i = 1, 5000 do ids[i] = i end
            novu.each(ids, function() work(0.005) end, {concurrency = 4})
            print("after each")
            """.utf8
        ).write(to: script)
        let screen = try await Self.interruptedAtTheProgressBar(["--norc", script.path], environment: home.environment(), home: home)
        #expect(screen.contains("[novush exited with status 1]"), "screen:\n\(screen)")
        #expect(screen.firstMatch(of: /novu\.each: interrupted after \d+ of 5000 items/) != nil, "screen:\n\(screen)")
        #expect(screen.contains("interrupted!"), "screen:\n\(screen)")
        #expect(!screen.contains("after each"), "the script went on after Ctrl-C; screen:\n\(screen)")
    }

    // MARK: - Against novush serve

    /// Connected to a server, the shell's tasks share one event loop with its connections: Ctrl-C
    /// still stops a batch whose items are in flight over HTTP.
    @Test(.enabled(if: TerminalSession.isAvailable, "tmux is not installed"))
    func controlCStopsABatchOfRequestsToNovushServe() async throws {
        let serve = try await ServeProcess.start()
        defer { serve.stop() }
        let home = try TemporaryHome()
        let script = home.url.appendingPathComponent("remote.lua")
        try Data(
            """
            \(Self.work)
            local ids = {}
            for i = 1, 5000 do ids[i] = "nobody-" .. i end
            novu.each(ids, function(id)
              assert(novu.subscribers.retrieve(id) == nil)
              work(0.004)
            end, {concurrency = 8})
            print("after each")
            """.utf8
        ).write(to: script)
        let screen = try await Self.interruptedAtTheProgressBar(
            ["--norc", "--url", serve.baseURL, script.path], environment: home.environment(["NOVU_SECRET_KEY": serve.apiKey]),
            home: home)
        #expect(screen.contains("[novush exited with status 1]"), "screen:\n\(screen)")
        #expect(screen.firstMatch(of: /novu\.each: interrupted after \d+ of 5000 items/) != nil, "screen:\n\(screen)")
        #expect(!screen.contains("after each"), "the script went on after Ctrl-C; screen:\n\(screen)")
    }

    /// Runs novush with `arguments` in a terminal, presses Ctrl-C once the progress bar of a
    /// 5,000-item `novu.each` shows, and returns the screen after novush exited. The shell around
    /// novush traps SIGINT (so it survives the Ctrl-C meant for novush) and prints the exit status.
    static func interruptedAtTheProgressBar(
        _ arguments: [String], environment: [String: String], home: TemporaryHome
    ) async throws -> String {
        let terminal = try TerminalSession(
            command: ["/bin/sh", "-c", #"trap : INT; "$@"; echo "[novush exited with status $?]"; sleep 30"#, "sh",
                      NovushBinary.url.path] + arguments,
            environment: environment, directory: home.url)
        defer { terminal.close() }
        let bar = try bar(total: 5000, failed: false)
        try await terminal.waitUntil("a progress bar") { $0.firstMatch(of: bar) != nil }
        terminal.send(keys: "C-c")
        return try await terminal.waitFor("[novush exited with status")
    }

    @Test func eachAtConcurrency64PatchesEverySubscriberOnNovushServe() async throws {
        let serve = try await ServeProcess.start()
        defer { serve.stop() }
        let home = try TemporaryHome()
        let environment = home.environment(["NOVU_SECRET_KEY": serve.apiKey])
        let write = """
            local ids = {}
            for i = 1, 300 do ids[i] = string.format("c64-%03d", i) end
            local created = novu.each(ids, function(id)
              novu.subscribers.create({subscriberId = id, firstName = "Before"})
            end, {concurrency = 64})
            local running, most = 0, 0
            local patched = novu.each(ids, function(id, i)
              running = running + 1
              most = math.max(most, running)
              local ok, err = pcall(novu.subscribers.patch, id, {firstName = "After", lastName = "n" .. i})
              running = running - 1
              if not ok then error(err) end
            end, {concurrency = 64})
            print("created", created.ok, #created.failed)
            print("patched", patched.ok, #patched.failed, most)
            """
        let written = try await ProcessResult.run(
            NovushBinary.url, arguments: ["--norc", "--url", serve.baseURL, "-e", write], environment: environment,
            timeout: 120)
        #expect(written.status == 0, "stderr: \(written.stderr)")
        let lines = written.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        try #require(lines.count == 2, "stdout: \(written.stdout)\nstderr: \(written.stderr)")
        #expect(lines[0] == ["created", "300", "0"])
        #expect(Array(lines[1].prefix(3)) == ["patched", "300", "0"])
        // Many requests really were in flight at once, never more than asked for.
        let most = try #require(lines[1].count == 4 ? Int(lines[1][3]) : nil)
        #expect(most > 8 && most <= 64, "at most \(most) patches in flight")

        // A second process reads the server back.
        let read = """
            local after = 0
            for s in novu.all(novu.subscribers.search, {limit = 100}) do
              if s.firstName == "After" then after = after + 1 end
            end
            print("after", after)
            for _, id in ipairs({"c64-001", "c64-150", "c64-300"}) do
              local s = novu.subscribers.retrieve(id)
              print(s.subscriberId, s.firstName, s.lastName)
            end
            """
        let readBack = try await ProcessResult.run(
            NovushBinary.url, arguments: ["--norc", "--url", serve.baseURL, "-e", read], environment: environment,
            timeout: 60)
        #expect(readBack.status == 0, "stderr: \(readBack.stderr)")
        #expect(readBack.stdout == """
            after\t300
            c64-001\tAfter\tn1
            c64-150\tAfter\tn150
            c64-300\tAfter\tn300

            """)
    }

    // MARK: - Helpers

    /// A drawn progress bar of `total` items: `[###...] 37/400  12.3/s  ETA 5s  2 failed` (the ETA
    /// may also read `2m05s` or `1h03m` on a slow machine).
    static func bar(total: Int, failed: Bool) throws -> Regex<AnyRegexOutput> {
        try Regex(#"\[#*\.*\] \d+/"# + "\(total)" + #"  \d+\.\d/s  ETA (\d+h\d\dm|\d+(m\d\d)?s)"# + (failed ? #"  \d+ failed"# : ""))
    }
}

/// A `novush --norc` REPL in a tmux session on the local engine.
private struct EachRepl {
    static let prompt = "novu[local]>"
    let session: TerminalSession

    init(home: TemporaryHome) async throws {
        session = try TerminalSession(
            command: [NovushBinary.url.path, "--norc"], environment: home.environment(), directory: home.url)
        try await session.waitFor(Self.prompt)
    }

    /// How many primary prompts the screen shows.
    func promptCount(_ screen: String? = nil) -> Int {
        (screen ?? session.screen()).split(separator: "\n").filter { $0.hasPrefix(Self.prompt) }.count
    }

    /// Types `line`, presses Enter, waits for the next prompt and returns the lines printed between.
    @discardableResult
    func enter(_ line: String) async throws -> [String] {
        let before = promptCount()
        session.typeLine(line)
        let screen = try await session.waitUntil("the prompt after \(line.debugDescription)") { promptCount($0) > before }
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let prompts = lines.indices.filter { lines[$0].hasPrefix(Self.prompt) }
        guard prompts.count >= 2 else { return [] }
        return Array(lines[(prompts[prompts.count - 2] + 1)..<prompts[prompts.count - 1]])
    }
}
