public import CLua
public import JSONCore
internal import CShim

/// Owns one Lua 5.4 state: the standard libraries, LuaKit's markers, and the Swift functions
/// registered into it.
///
/// A `LuaState` is not thread-safe, like the `lua_State` it wraps: use it from one thread or
/// actor at a time (``LuaRuntime`` does this for you and adds coroutine scheduling).
///
/// ```swift
/// let state = try LuaState()
/// state.register("greet") { stack in
///     stack.push("hello, " + (stack.toString(at: 1) ?? "?"))
///     return 1
/// }
/// ```
public final class LuaState {
    /// The main thread's stack.
    public let main: LuaStack
    /// The async operation registered by the Swift function that is yielding right now.
    var pendingOperation: LuaAsyncOperation?
    /// Registry references of LuaKit's metatables.
    private(set) var arrayMarkerRef: Int32 = LUA_NOREF
    private(set) var objectMarkerRef: Int32 = LUA_NOREF
    private(set) var errorMetatableRef: Int32 = LUA_NOREF
    /// Interrupt state shared with the SIGINT handler.
    let control: OpaquePointer

    /// Creates a state with the standard libraries open and a panic handler installed.
    /// - Throws: ``LuaError`` when the libraries or LuaKit's prelude cannot be loaded (out of memory).
    public init() throws(LuaError) {
        guard let raw = luaL_newstate() else { throw LuaError(.memory, "cannot create a Lua state: out of memory") }
        main = LuaStack(raw)
        control = luashim_control_new()
        LuaFunctionBox.installDispatcher()
        luashim_install_panic(raw)
        luashim_extraspace(raw).pointee = Unmanaged.passUnretained(self).toOpaque()
        let status = luashim_openlibs(raw)
        guard status == LUA_OK else {
            let message = main.toString(at: -1) ?? "unknown error"
            lua_close(raw)
            luashim_control_free(control)
            throw LuaError(.memory, "cannot open the Lua libraries: \(message)")
        }
        arrayMarkerRef = makeMarker(name: "array")
        objectMarkerRef = makeMarker(name: "object")
        try installPrelude()
    }

    deinit {
        lua_close(main.pointer)
        luashim_control_free(control)
    }

    private func makeMarker(name: String) -> Int32 {
        main.newTable()
        main.push(name)
        main.setField("__jsontype", in: -2)
        return luaL_ref(main.pointer, luashim_registryindex())
    }

    private func installPrelude() throws(LuaError) {
        try load(LuaPrelude.source, name: "=luakit")
        main.pushGlobals()
        lua_pushlightuserdata(main.pointer, luashim_host_yield_marker())
        main.pushNull()
        let status = lua_pcallk(main.pointer, 3, 1, 0, 0, nil)
        guard status == LUA_OK else {
            let message = main.toString(at: -1) ?? "?"
            main.pop()
            throw LuaError(.runtime, "LuaKit prelude failed: \(message)")
        }
        errorMetatableRef = luaL_ref(main.pointer, luashim_registryindex())
    }

    // MARK: - Functions

    /// Sets global `name` to a Swift function.
    ///
    /// The body reads its arguments from the stack it is given (index 1 is the first argument),
    /// pushes its results and returns how many it pushed. A thrown error becomes a Lua error
    /// value (see ``LuaErrorConvertible``), raised after the Swift frame has returned. To wait for
    /// async work, return ``LuaStack/suspend(_:)``.
    public func register(_ name: String, _ body: @escaping LuaFunction) {
        pushFunction(name: name, body, on: main)
        main.setGlobal(name)
    }

    /// Pushes a Swift function on `stack`.
    /// - Parameter name: the name used in error messages (`bad argument #1 to 'name'`).
    public func pushFunction(name: String, _ body: @escaping LuaFunction, on stack: LuaStack) {
        let box = LuaFunctionBox(name: name, body: body)
        luashim_push_swift_function(stack.pointer, Unmanaged.passRetained(box).toOpaque())
    }

    /// Pushes the plain C function that does nothing (for measuring the bridge against C).
    public func pushNativeNoop(on stack: LuaStack) {
        lua_pushcclosure(stack.pointer, luashim_noop, 0)
    }

    // MARK: - Chunks

    /// Compiles `source` and pushes the resulting function on the main stack.
    /// - Parameter name: the chunk name Lua uses in messages (`=stdin`, `@script.lua`).
    /// - Throws: ``LuaError`` with code `syntax` (nothing is pushed then).
    public func load(_ source: some Collection<UInt8>, name: String) throws(LuaError) {
        try load(source, name: name, on: main)
    }

    /// Compiles `source` and pushes the function on `stack`.
    /// - Throws: ``LuaError`` with code `syntax` (nothing is pushed then).
    public func load(_ source: some Collection<UInt8>, name: String, on stack: LuaStack) throws(LuaError) {
        var bytes = Array(source)
        bytes.append(0)
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                luashim_loadbuffer(stack.pointer, chars.baseAddress!, chars.count - 1, name)
            }
        }
        guard status == LUA_OK else {
            let message = stack.toString(at: -1) ?? "syntax error"
            stack.pop()
            throw LuaError(status == LUA_ERRMEM ? .memory : .syntax, message)
        }
    }

    /// Compiles a string chunk and pushes it on the main stack.
    /// - Throws: ``LuaError`` with code `syntax`.
    public func load(_ source: String, name: String) throws(LuaError) {
        try load(Array(source.utf8), name: name)
    }

    /// Stops running Lua code: the running coroutine, and every coroutine resumed until
    /// ``resetInterrupt()``, raises `interrupted!` at its next instruction; `pcall` cannot swallow it.
    public func interrupt() { luashim_control_interrupt(control) }

    /// Clears a previous interrupt so that new code can run.
    public func resetInterrupt() { luashim_control_reset(control) }

    /// True after ``interrupt()`` (or Ctrl-C) until ``resetInterrupt()``.
    public var isInterrupted: Bool { luashim_control_interrupted(control) != 0 }

    /// Calls the function below `argumentCount` arguments on the main stack, in a coroutine of its
    /// own, and leaves `results` values on the main stack (all of them when `nil`).
    ///
    /// Async functions cannot wait here (they raise a `notYieldable` error); use ``LuaRuntime`` for
    /// code that may wait.
    /// - Throws: ``LuaError`` with the message and traceback of a Lua error.
    public func call(argumentCount: Int32, results: Int32? = nil) throws(LuaError) {
        let (thread, reference) = makeThread(movingTop: argumentCount + 1)
        defer { releaseThread(reference) }
        let (status, count) = resume(thread, arguments: argumentCount)
        if status == LUA_OK {
            lua_xmove(thread.pointer, main.pointer, count)
            if let results { main.top = main.top - count + results }
            return
        }
        if status == LUA_YIELD {
            pendingOperation = nil
            _ = lua_resetthread(thread.pointer)
            throw LuaError(.notYieldable, "cannot wait for async work outside the scheduler (use LuaRuntime)")
        }
        let error = main.takeError(from: thread, status: status, traceback: true)
        _ = lua_resetthread(thread.pointer)
        throw error
    }

    // MARK: - Threads

    /// Creates a coroutine anchored in the registry and moves the top `count` values of the main
    /// stack (a function and its arguments) onto it.
    func makeThread(movingTop count: Int32) -> (LuaStack, Int32) {
        let thread = LuaStack(lua_newthread(main.pointer)!)
        let reference = luaL_ref(main.pointer, luashim_registryindex())
        lua_xmove(main.pointer, thread.pointer, count)
        return (thread, reference)
    }

    func releaseThread(_ reference: Int32) {
        luaL_unref(main.pointer, luashim_registryindex(), reference)
    }

    /// Resumes `thread` once, arming the interrupt hook first if Ctrl-C was pressed.
    func resume(_ thread: LuaStack, arguments: Int32) -> (status: Int32, results: Int32) {
        if luashim_control_interrupted(control) != 0 { luashim_arm_interrupt_hook(thread.pointer) }
        luashim_control_set_running(control, thread.pointer)
        var results: Int32 = 0
        let status = lua_resume(thread.pointer, main.pointer, arguments, &results)
        luashim_control_set_running(control, nil)
        return (status, results)
    }
}

/// The body of a Swift function callable from Lua: reads arguments from the stack, pushes results,
/// returns the result count (or ``LuaStack/suspend(_:)``'s value).
public typealias LuaFunction = (LuaStack) throws -> Int32

/// Work a Swift function started and Lua waits for: the scheduler awaits it and resumes the
/// coroutine with its values (`nil` entries push Lua nil).
public typealias LuaAsyncOperation = @Sendable () async throws -> [LuaResult]

/// One value an async operation hands back to Lua.
public enum LuaResult: Sendable {
    case `nil`
    case json(JSON)
    /// JSON text, read straight into Lua values (see ``LuaStack/push(jsonText:unwrapping:)``); when it
    /// is not JSON, the error `invalid` makes is raised instead (made only then).
    case jsonText([UInt8], unwrapping: String?, invalid: @Sendable () -> any Error)
    /// A value kept in the registry (a reference made with ``LuaStack/makeReference(at:)``).
    case reference(Int32)
    /// A registry value handed over to Lua: pushed, then its reference is released.
    case ownedReference(Int32)
}

