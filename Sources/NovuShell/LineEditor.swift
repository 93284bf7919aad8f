import CShim
import Foundation
import Synchronization

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    @preconcurrency import Darwin
#endif

/// What Tab inserts: `candidates` replace the `replaceLength` bytes before the cursor.
///
/// One candidate is inserted; several insert their longest common prefix, or are listed below the
/// line when that adds nothing.
public struct Completion: Sendable, Equatable {
    /// How many bytes (UTF-8) before the cursor the candidates replace.
    public var replaceLength: Int
    /// The texts that could replace them.
    public var candidates: [String]

    /// Creates a completion.
    public init(replaceLength: Int, candidates: [String]) {
        self.replaceLength = replaceLength
        self.candidates = candidates
    }

    /// Nothing to complete (Tab beeps).
    public static let none = Completion(replaceLength: 0, candidates: [])
}

/// A line editor on the terminal (libedit): prompts, emacs key bindings, persistent history,
/// Tab completion, Ctrl-C to discard the line and Ctrl-D to leave.
///
/// Every libedit call runs on one dedicated thread that the editor creates, never on Swift's
/// cooperative pool; ``readLine(prompt:)`` hands the request to that thread and resumes when the
/// line is complete.
///
/// ```swift
/// let input = LineEditor.make(historyPath: "/home/ada/.local/state/novush/history")
/// while case .line(let line) = await input.readLine(prompt: "novu[local]> ") {
///     input.addHistory(line)
/// }
/// ```
public final class LineEditor: LineSource {
    /// Computes completions for the line typed so far; `cursor` is a byte offset into its UTF-8.
    ///
    /// It runs on the editor thread while the user waits, so it must be quick and must do no I/O.
    public typealias Completer = @Sendable (_ line: String, _ cursor: Int) -> Completion

    /// Called on Tab; nil disables completion (Tab beeps).
    public var completer: Completer? {
        get { context.completer.withLock { $0 } }
        set { context.completer.withLock { $0 = newValue } }
    }

    private let context: Context
    private let thread = SerialThread(name: "novush.editor")
    private let closed = Mutex(false)

    /// Picks the input for the REPL: a ``LineEditor`` when stdin is a terminal, a
    /// ``PlainLineReader`` otherwise (pipes and files: no prompt, no editing, no history).
    ///
    /// - Parameter historyPath: The history file of the editor (nil: history only in memory).
    /// - Returns: The line source.
    public static func make(historyPath: String?) -> any LineSource {
        isatty(0) == 1 ? LineEditor(historyPath: historyPath) : PlainLineReader()
    }

    /// Creates an editor on stdin, stdout and stderr.
    ///
    /// Sets the `LC_CTYPE` locale from the environment (falling back to `C.UTF-8`) so UTF-8 input
    /// decodes, and loads the history file if it exists.
    ///
    /// - Parameter historyPath: The history file, loaded now and rewritten after each line added
    ///   with ``addHistory(_:)``; its directory is created when missing. Nil keeps history in memory.
    public init(historyPath: String?) {
        context = Context(historyPath: historyPath, streams: .standard)
        thread.submit { [context] in context.open() }
    }

    /// Creates an editor on other descriptors (a pseudo-terminal in tests). The descriptors are
    /// duplicated; the caller keeps its own.
    package init(inputDescriptor: Int32, outputDescriptor: Int32, historyPath: String?) {
        context = Context(historyPath: historyPath, streams: .descriptors(input: inputDescriptor, output: outputDescriptor))
        thread.submit { [context] in context.open() }
    }

    deinit {
        close()
    }

    /// Shows `prompt` and reads one line with editing.
    ///
    /// - Parameter prompt: The prompt; wrap colour escapes in `\u{1}` markers (for example
    ///   `"\u{1}\u{1B}[31m\u{1}prod\u{1}\u{1B}[0m\u{1}> "`) so they take no columns.
    /// - Returns: The line, ``LineInput/cancelled`` after Ctrl-C, or ``LineInput/endOfInput`` after
    ///   Ctrl-D on an empty line (or when the editor is closed).
    public func readLine(prompt: String) async -> LineInput {
        if closed.withLock({ $0 }) { return .endOfInput }
        return await thread.run { [context] in context.readLine(prompt: prompt) }
    }

    /// Adds a line to the history and saves the history file.
    ///
    /// Empty lines, lines of only whitespace and lines starting with a space are not kept (start
    /// a line with a space to keep a secret out of the history).
    public func addHistory(_ line: String) {
        guard Self.isKeptInHistory(line), !closed.withLock({ $0 }) else { return }
        thread.submit { [context] in context.addHistory(line) }
    }

    /// Restores the terminal, releases libedit and stops the editor thread. Later reads return
    /// ``LineInput/endOfInput``. Called by `deinit` too.
    public func close() {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        thread.submit { [context] in context.close() }
        thread.stop()
    }

    /// Whether `addHistory` keeps this line.
    package static func isKeptInHistory(_ line: String) -> Bool {
        guard let first = line.first, first != " " else { return false }
        return line.contains { !$0.isWhitespace }
    }
}

// MARK: - Editor thread

extension LineEditor {
    enum Streams {
        case standard
        case descriptors(input: Int32, output: Int32)
    }

    /// The editor's state, shared with the editor thread and the C completion callback.
    ///
    /// `@unchecked Sendable`: `editor` and the `FILE` streams are touched only by jobs on the
    /// editor thread (which run one at a time); `completer` is behind a mutex; the rest is immutable.
    final class Context: @unchecked Sendable {
        let completer = Mutex<Completer?>(nil)
        let historyPath: String?
        let streams: Streams
        private var editor: OpaquePointer?
        private var ownedFiles: [UnsafeMutablePointer<FILE>] = []
        private var opened = false

        init(historyPath: String?, streams: Streams) {
            self.historyPath = historyPath
            self.streams = streams
        }

        func open() {
            opened = true
            _ = novush_setup_locale()
            let input: UnsafeMutablePointer<FILE>?
            let output: UnsafeMutablePointer<FILE>?
            let error: UnsafeMutablePointer<FILE>?
            switch streams {
            case .standard:
                (input, output, error) = (StandardStream.input, StandardStream.output, StandardStream.error)
            case .descriptors(let inputDescriptor, let outputDescriptor):
                input = fdopen(dup(inputDescriptor), "r")
                output = fdopen(dup(outputDescriptor), "w")
                error = output
                ownedFiles = [input, output].compactMap { $0 }
            }
            guard let input, let output, let error else { return }
            guard let editor = novush_editor_open("novush", input, output, error) else { return }
            self.editor = editor
            novush_editor_set_completer(editor, completeCallback, Unmanaged.passUnretained(self).toOpaque())
            if let historyPath { _ = novush_editor_history_load(editor, historyPath) }
        }

        func readLine(prompt: String) -> LineInput {
            guard let editor else {
                // libedit could not start: read plain lines so the shell still works.
                return opened ? PlainLineReader.readLine(from: fallbackInput) : .endOfInput
            }
            novush_editor_set_prompt(editor, prompt)
            var length: Int32 = 0
            var status: Int32 = 0
            let line = novush_editor_gets(editor, &length, &status)
            switch Int(status) {
            case Int(NOVUSH_LINE_CANCELLED): return .cancelled
            case Int(NOVUSH_LINE_OK):
                guard let line else { return .endOfInput }
                let bytes = UnsafeRawBufferPointer(start: line, count: Int(length))
                return .line(String(decoding: bytes, as: UTF8.self))
            default: return .endOfInput
            }
        }

        private var fallbackInput: UnsafeMutablePointer<FILE> {
            switch streams {
            case .standard: StandardStream.input
            case .descriptors: ownedFiles.first ?? StandardStream.input
            }
        }

        func addHistory(_ line: String) {
            guard let editor else { return }
            novush_editor_history_add(editor, line)
            guard let historyPath else { return }
            let directory = (historyPath as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            _ = novush_editor_history_save(editor, historyPath)
        }

        func close() {
            if let editor { novush_editor_close(editor) }
            editor = nil
            for file in ownedFiles { fclose(file) }
            ownedFiles = []
        }

        /// Runs the completer for the C side (on the editor thread, inside `el_gets`).
        func complete(editor: OpaquePointer, line: String, cursor: Int) -> Int32 {
            guard let completer = completer.withLock({ $0 }) else { return -1 }
            let completion = completer(line, cursor)
            for candidate in completion.candidates { novush_editor_add_completion(editor, candidate) }
            return Int32(clamping: completion.replaceLength)
        }
    }
}

/// The C completion callback: `context` is the editor's ``LineEditor/Context``, which outlives the
/// libedit editor (it closes the editor itself).
private let completeCallback: novush_complete_fn = { editor, line, cursor, context in
    guard let editor, let line, let context else { return -1 }
    let owner = Unmanaged<LineEditor.Context>.fromOpaque(context).takeUnretainedValue()
    return owner.complete(editor: editor, line: String(cString: line), cursor: Int(cursor))
}
