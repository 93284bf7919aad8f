internal import CLua
internal import CShim
public import JSONCore

/// A registry reference to a Lua value (a compiled chunk, a function) that outlives a call.
public struct LuaReference: Sendable, Hashable {
    /// The raw `luaL_ref` value.
    public let raw: Int32
}

/// Runs Lua code in coroutines and lets Swift async work suspend only the coroutine that waits.
///
/// The runtime owns a ``LuaState`` and is the only place it is used. Each call (a REPL line, a
/// script, one item of a batch) runs in a coroutine of its own. When a Swift function returns
/// ``LuaStack/suspend(_:)``, that coroutine yields; the runtime awaits the operation and resumes
/// it with the result or raises the error in it. Since the actor is re-entrant, other coroutines
/// run meanwhile: N coroutines waiting on I/O means N requests in flight, with no thread each.
///
/// ```swift
/// let runtime = try LuaRuntime { state in
///     state.register("sleep") { stack in
///         let ms = stack.toInteger(at: 1) ?? 0
///         return try stack.suspend { try await Task.sleep(for: .milliseconds(ms)); return [] }
///     }
/// }
/// let chunk = try await runtime.compile("sleep(10) return 42", name: "=example")
/// let value = try await runtime.run(chunk) { stack, count in try? stack.json(at: -1) }
/// ```
public actor LuaRuntime {
    /// The state. Only use it inside ``withState(_:)`` or the closures the runtime calls.
    nonisolated(unsafe) let state: LuaState

    /// Creates a runtime; `configure` registers functions and globals before any code runs.
    /// - Throws: ``LuaError`` when the state cannot be created, or what `configure` throws.
    public init(configure: (LuaState) throws -> Void = { _ in }) throws {
        state = try LuaState()
        try configure(state)
    }

    /// Runs `body` with the state, on the runtime.
    public func withState<T: Sendable>(_ body: @Sendable (LuaState) throws -> T) rethrows -> T {
        try body(state)
    }

    /// Compiles `source` and keeps the function.
    /// - Parameter name: the chunk name (`=stdin`, `@script.lua`), used in messages and tracebacks.
    /// - Throws: ``LuaError`` with code `syntax`.
    public func compile(_ source: some Collection<UInt8> & Sendable, name: String) throws(LuaError) -> LuaReference {
        try state.load(source, name: name)
        defer { state.main.pop() }
        return LuaReference(raw: state.main.makeReference(at: -1))
    }

    /// Compiles a string chunk.
    /// - Throws: ``LuaError`` with code `syntax`.
    public func compile(_ source: String, name: String) throws(LuaError) -> LuaReference {
        try compile(Array(source.utf8), name: name)
    }

    /// Releases a reference made by ``compile(_:name:)-(String,_)`` or a Swift function.
    public func release(_ reference: LuaReference) {
        state.main.releaseReference(reference.raw)
    }

    /// Calls the function `function` with `arguments` in a new coroutine and waits until it ends,
    /// awaiting any async work it starts. `results` sees the stack with the results on top.
    /// - Throws: ``LuaError`` with the message and traceback of an error the code raised (code
    ///   `interrupted` after Ctrl-C or when the calling task is cancelled).
    public func run<T: Sendable>(
        _ function: LuaReference, arguments: [LuaResult] = [],
        results: @Sendable (LuaStack, Int32) -> T
    ) async throws(LuaError) -> T {
        let main = state.main
        main.pushReference(function.raw)
        for argument in arguments { try main.push(argument) }
        let (thread, anchor) = state.makeThread(movingTop: Int32(arguments.count) + 1)
        defer { state.releaseThread(anchor) }
        do {
            let count = try await drive(thread, arguments: Int32(arguments.count))
            lua_xmove(thread.pointer, main.pointer, count)
            defer { main.pop(count) }
            return results(main, count)
        } catch {
            _ = lua_resetthread(thread.pointer)
            throw error
        }
    }

    /// Calls `function` and discards its results.
    /// - Throws: ``LuaError`` as ``run(_:arguments:results:)``.
    public func run(_ function: LuaReference, arguments: [LuaResult] = []) async throws(LuaError) {
        try await run(function, arguments: arguments) { _, _ in () }
    }

    /// Resumes `thread` until it finishes, serving its async operations. Returns the result count.
    private func drive(_ thread: LuaStack, arguments: Int32) async throws(LuaError) -> Int32 {
        var argumentCount = arguments
        while true {
            if Task.isCancelled { luashim_arm_interrupt_hook(thread.pointer) }
            let (status, count) = state.resume(thread, arguments: argumentCount)
            if status == LUA_OK { return count }
            guard status == LUA_YIELD else {
                throw state.main.takeError(from: thread, status: status, traceback: true)
            }
            guard let operation = state.pendingOperation else {
                thread.top = 0
                thread.push("attempt to yield from outside a coroutine")
                throw state.main.takeError(from: thread, status: LUA_ERRRUN, traceback: false)
            }
            state.pendingOperation = nil
            thread.pop(count)
            let outcome: Result<[LuaResult], any Error>
            do {
                outcome = .success(try await operation())
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let values) where !Task.isCancelled:
                thread.push(true)
                var pushed: Int32 = 1
                for value in values {
                    do {
                        try thread.push(value)
                        pushed += 1
                    } catch {
                        thread.pop(pushed)
                        thread.push(false)
                        thread.pushError(error, function: "?")
                        pushed = 2
                        break
                    }
                }
                argumentCount = pushed
            case .success:
                thread.push(false)
                thread.pushError(CancellationError(), function: "?")
                argumentCount = 2
            case .failure(let error):
                thread.push(false)
                thread.pushError(Task.isCancelled ? CancellationError() : error, function: "?")
                argumentCount = 2
            }
        }
    }

    // MARK: - Interrupts

    /// Stops running Lua code: every coroutine raises `interrupted!` at its next instruction
    /// (a `pcall` cannot swallow it). Cancel the calling tasks as well to end async waits.
    public nonisolated func interrupt() { state.interrupt() }

    /// Clears a previous interrupt so that new code can run.
    public nonisolated func resetInterrupt() { state.resetInterrupt() }
}
