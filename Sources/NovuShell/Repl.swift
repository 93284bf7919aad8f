import Foundation
import Dispatch
import LuaKit
import NovuKit

/// The read-eval-print loop, following the reference `lua` REPL: an expression prints its values
/// (`return <line>` is tried first, `=expr` works), an incomplete statement continues on the
/// second prompt, errors print with their traceback and the loop goes on.
struct Repl {
    let shell: Shell

    /// `novu[<profile> <place>]> `, red for a protected profile on a terminal.
    var primaryPrompt: String {
        let connection = shell.connection
        return Prompt.primary(
            profile: connection.profile.name, place: connection.placeName, isProtected: connection.profile.isProtected,
            colors: shell.console.colors)
    }
    let continuationPrompt = ">> "

    func run() async {
        ShellPaths.ensureDirectory(shell.paths.state)
        let source = LineEditor.make(historyPath: shell.paths.historyFile(profile: shell.profile))
        if let editor = source as? LineEditor {
            let runtime = shell.runtime
            editor.completer = { line, cursor in
                let text = String(decoding: line.utf8.prefix(cursor), as: UTF8.self)
                return FieldCompletion.complete(text) ?? Repl.complete(text, in: runtime)
            }
        }
        if shell.console.interactiveInput {
            let console = shell.console
            shell.session.setConfirmer { request, profile in
                console.error("\(request)")
                let answer = await source.readLine(prompt: "send this write to protected profile '\(profile)'? [y/N] ")
                guard case .line(let text) = answer else { return false }
                return ["y", "yes"].contains(text.trimmingCharacters(in: .whitespaces).lowercased())
            }
        }
        defer { shell.session.setConfirmer(nil) }
        var pending: String?
        while true {
            shell.console.flush()
            let input = await source.readLine(prompt: pending == nil ? primaryPrompt : continuationPrompt)
            let line: String
            switch input {
            case .endOfInput:
                if shell.console.interactiveInput { shell.console.output("") }
                return
            case .cancelled:
                pending = nil
                continue
            case .line(let text):
                line = text
            }
            if pending == nil, let command = DotCommand(line) {
                source.addHistory(line)
                await command.run(in: shell)
                continue
            }
            let text = pending.map { $0 + "\n" + line } ?? line
            switch await shell.runtime.compileInteractive(text) {
            case .incomplete:
                pending = text
            case .failed(let error):
                pending = nil
                source.addHistory(text)
                shell.report(error)
            case .expression(let chunk), .statement(let chunk):
                pending = nil
                source.addHistory(text)
                await evaluate(chunk)
            }
        }
    }

    private func evaluate(_ chunk: LuaReference) async {
        defer { Task { [runtime = shell.runtime] in await runtime.release(chunk) } }
        do {
            let values = try await shell.runJob(chunk) { stack, count in
                (0..<count).map { stack.snapshot(at: stack.top - count + 1 + $0) }
            }
            if !values.isEmpty { shell.console.output(shell.display(values)) }
        } catch {
            shell.report(error)
        }
    }

    /// Completes the text before the cursor from the Lua state (raw access, no I/O). Runs on the
    /// line editor's thread and waits for the runtime, which is idle while a line is edited.
    static func complete(_ text: String, in runtime: LuaRuntime) -> Completion {
        let semaphore = DispatchSemaphore(value: 0)
        let result = ResultBox()
        Task {
            let found = await runtime.withState { $0.main.completions(for: text) }
            result.set(Completion(replaceLength: found.replaceLength, candidates: found.candidates))
            semaphore.signal()
        }
        semaphore.wait()
        return result.get()
    }
}

import Synchronization

/// Hands a completion from the runtime task back to the editor thread.
private final class ResultBox: Sendable {
    private let value = Mutex(Completion.none)
    func set(_ completion: Completion) { value.withLock { $0 = completion } }
    func get() -> Completion { value.withLock { $0 } }
}
