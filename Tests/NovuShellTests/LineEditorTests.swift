import Foundation
import NovuShell
import Testing

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// The line sources in-process: the editor on a pseudo-terminal, the plain reader on a pipe.
/// (The REPL as a whole is tested through tmux in `ReplTerminalTests`.)
@Suite(.serialized)
struct LineEditorTests {
    // MARK: - History rule

    @Test(arguments: [
        ("print(1)", true), ("  ", false), ("", false), (" secret = 'x'", false), ("\t", false),
        ("f = function()\n  return 1\nend", true),
    ])
    func historyKeepsOnlyLinesWorthRecalling(line: String, kept: Bool) {
        #expect(LineEditor.isKeptInHistory(line) == kept)
    }

    // MARK: - PlainLineReader

    @Test func plainReaderReturnsLinesThenEndOfInput() async throws {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("1+1\r\nx = 'café'\n\nlast".utf8))
        try pipe.fileHandleForWriting.close()
        let reader = try #require(PlainLineReader(fileDescriptor: dup(pipe.fileHandleForReading.fileDescriptor)))
        #expect(await reader.readLine(prompt: "> ") == .line("1+1"))
        #expect(await reader.readLine(prompt: "> ") == .line("x = 'café'"))
        #expect(await reader.readLine(prompt: "> ") == .line(""))
        #expect(await reader.readLine(prompt: "> ") == .line("last"))
        #expect(await reader.readLine(prompt: "> ") == .endOfInput)
        #expect(await reader.readLine(prompt: "> ") == .endOfInput)
    }

    // MARK: - LineEditor on a pseudo-terminal

    @Test func editorReturnsTypedUTF8Line() async throws {
        let terminal = try PseudoTerminal()
        let editor = terminal.makeEditor(historyPath: nil)
        defer { editor.close() }
        #expect(try await terminal.read(editor, typing: "s = \"café\"\r") == .line("s = \"café\""))
    }

    @Test func controlCCancelsAndControlDEnds() async throws {
        let terminal = try PseudoTerminal()
        let editor = terminal.makeEditor(historyPath: nil)
        defer { editor.close() }
        #expect(try await terminal.read(editor, typing: "abc\u{3}") == .cancelled)
        #expect(try await terminal.read(editor, typing: "next\r") == .line("next"))
        #expect(try await terminal.read(editor, typing: "\u{4}") == .endOfInput)
    }

    @Test func tabInsertsTheCompletion() async throws {
        let terminal = try PseudoTerminal()
        let editor = terminal.makeEditor(historyPath: nil)
        defer { editor.close() }
        let seen = Recorder()
        editor.completer = { line, cursor in
            seen.record(line, cursor)
            let names = ["string.format", "string.find", "string.byte"]
            let word = String(decoding: Array(line.utf8)[..<cursor], as: UTF8.self).split(separator: " ").last ?? ""
            return Completion(replaceLength: word.utf8.count, candidates: names.filter { $0.hasPrefix(word) })
        }
        #expect(try await terminal.read(editor, typing: "é string.fo\t\r") == .line("é string.format"))
        #expect(seen.calls.first?.line == "é string.fo")
        #expect(seen.calls.first?.cursor == "é string.fo".utf8.count)
    }

    @Test func historyIsSavedAndLoadedByTheNextEditor() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("novush-history-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state/novush/history").path

        do {
            let terminal = try PseudoTerminal()
            let editor = terminal.makeEditor(historyPath: path)
            #expect(try await terminal.read(editor, typing: "kept = 1\r") == .line("kept = 1"))
            editor.addHistory("kept = 1")
            #expect(try await terminal.read(editor, typing: " secret = 2\r") == .line(" secret = 2"))
            editor.addHistory(" secret = 2")
            // Reading once more makes sure the history jobs queued before it have run.
            #expect(try await terminal.read(editor, typing: "\u{4}") == .endOfInput)
            editor.close()
        }
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved.contains("kept"))
        #expect(!saved.contains("secret"))

        let terminal = try PseudoTerminal()
        let editor = terminal.makeEditor(historyPath: path)
        defer { editor.close() }
        #expect(try await terminal.read(editor, typing: "\u{1B}[A\r") == .line("kept = 1"))
    }
}

/// Records completer calls (the completer runs on the editor thread).
private final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [(line: String, cursor: Int)] = []

    var calls: [(line: String, cursor: Int)] { lock.withLock { storage } }

    func record(_ line: String, _ cursor: Int) {
        lock.withLock { storage.append((line, cursor)) }
    }
}

/// A pseudo-terminal pair: the editor uses the follower side, the test types into the leader side.
/// Everything the editor writes is drained on a background thread (and kept for inspection) so the
/// editor never blocks on a full buffer.
private final class PseudoTerminal: @unchecked Sendable {
    struct Failure: Error {}

    let leader: Int32
    let follower: Int32
    private let lock = NSLock()
    private var output: [UInt8] = []
    private let drained = DispatchSemaphore(value: 0)

    init() throws {
        // posix_openpt and friends are not in Swift's Glibc module: look them up at run time.
        typealias OpenFunction = @convention(c) (Int32) -> Int32
        typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        let library = dlopen(nil, RTLD_NOW)
        guard let openSymbol = dlsym(library, "posix_openpt"), let grantSymbol = dlsym(library, "grantpt"),
            let unlockSymbol = dlsym(library, "unlockpt"), let nameSymbol = dlsym(library, "ptsname")
        else { throw Failure() }
        leader = unsafeBitCast(openSymbol, to: OpenFunction.self)(O_RDWR | O_NOCTTY)
        guard leader >= 0, unsafeBitCast(grantSymbol, to: OpenFunction.self)(leader) == 0,
            unsafeBitCast(unlockSymbol, to: OpenFunction.self)(leader) == 0,
            let name = unsafeBitCast(nameSymbol, to: NameFunction.self)(leader)
        else { throw Failure() }
        follower = open(name, O_RDWR | O_NOCTTY)
        guard follower >= 0 else { throw Failure() }
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(leader, $0.baseAddress, 4096) }
                if count <= 0 { break }
                lock.withLock { output += buffer[..<count] }
            }
            drained.signal()
        }
        thread.start()
    }

    deinit {
        close(follower)
        // Reading the leader fails once the follower is closed everywhere; then close the leader.
        _ = drained.wait(timeout: .now() + 5)
        close(leader)
    }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = Glibc.write(leader, $0.baseAddress, $0.count) }
    }

    func makeEditor(historyPath: String?) -> LineEditor {
        LineEditor(inputDescriptor: follower, outputDescriptor: follower, historyPath: historyPath)
    }

    private var prompts = 0

    /// Reads one line: waits for the editor's prompt (so the terminal is in editing mode and keys
    /// are not taken by the line discipline), then types `keys`.
    func read(_ editor: LineEditor, typing keys: String) async throws -> LineInput {
        let prompt = lock.withLock {
            prompts += 1
            return "p\(prompts)> "
        }
        let reading = Task { await editor.readLine(prompt: prompt) }
        try await waitForOutput(containing: prompt)
        write(keys)
        return await reading.value
    }

    /// Waits until the editor's output contains `text`.
    func waitForOutput(containing text: String, timeout: Double = 20) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !lock.withLock({ String(decoding: output, as: UTF8.self) }).contains(text) {
            guard Date() < deadline else { throw Failure() }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
