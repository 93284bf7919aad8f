internal import CLua
internal import CShim
import JSONCore

extension LuaStack {
    /// Pushes the Lua error value for a Swift error: a table with `code`, `message`, any fields of
    /// a ``LuaErrorConvertible`` error, `where` (the calling chunk and line), and a `__tostring`
    /// that prints `where .. message`.
    func pushError(_ error: any Error, function: String) {
        var fields: [String: JSON]
        if let convertible = error as? any LuaErrorConvertible {
            fields = convertible.luaErrorFields
        } else if error is CancellationError {
            fields = ["code": "interrupted", "message": "interrupted!"]
        } else {
            fields = ["code": "error", "message": .string(String(describing: error))]
        }
        if fields["message"] == nil { fields["message"] = .string(String(describing: error)) }
        do {
            try push(JSON.object(fields))
        } catch {
            push("\(function): \(fields["message"]?.stringValue ?? "error")")
            return
        }
        luaL_where(pointer, 1)
        setField("where", in: -2)
        pushMarker(owner.errorMetatableRef)
        setMetatable(at: -2)
    }

    /// Pops the error value on top of `thread` (after a failed resume or load) and describes it,
    /// with the thread's traceback when `traceback` is true.
    func takeError(from thread: LuaStack, status: Int32, traceback: Bool) -> LuaError {
        var value: JSON?
        if thread.type(at: -1) == .table {
            value = try? thread.json(at: -1)
        }
        // Describe the value on this (live) stack: __tostring may run Lua code.
        lua_xmove(thread.pointer, pointer, 1)
        let message: String
        if let text = toString(at: -1) {
            message = text
        } else if luashim_tostring(pointer, -1) == LUA_OK {
            message = toString(at: -1) ?? "(error object is not a string)"
            pop()
        } else {
            message = "(error object is a \(type(at: -2)) value)"
            pop()
        }
        pop()
        var trace: String?
        if traceback {
            luashim_traceback(pointer, thread.pointer, nil, 0)
            trace = toString(at: -1)
            pop()
        }
        let code: LuaError.Code
        switch status {
        case LUA_ERRMEM: code = .memory
        case LUA_ERRERR: code = .errorHandler
        case LUA_ERRSYNTAX: code = .syntax
        default:
            if message.hasSuffix("interrupted!") || value?["code"]?.stringValue == "interrupted" {
                code = .interrupted
            } else if let raw = value?["code"]?.stringValue, raw == "not_yieldable" {
                code = .notYieldable
            } else {
                code = .runtime
            }
        }
        return LuaError(code, message, traceback: trace, value: value)
    }

    /// Registers async work and returns the code that makes the trampoline yield to the
    /// scheduler. Return its value from a ``LuaFunction``.
    ///
    /// The scheduler (``LuaRuntime``) awaits `operation` and resumes this coroutine with its values,
    /// or raises its error in the coroutine.
    /// - Throws: ``LuaError`` with code `notYieldable` where Lua cannot yield: outside a
    ///   coroutine run by ``LuaRuntime``, inside a `table.sort` comparator, a `string.gsub`
    ///   callback, a `__tostring` metamethod or the main chunk of a `require`d module.
    public func suspend(_ operation: @escaping LuaAsyncOperation) throws(LuaError) -> Int32 {
        guard lua_isyieldable(pointer) != 0, lua_pushthread(pointer) == 0 else {
            if lua_gettop(pointer) > 0, lua_type(pointer, -1) == LUA_TTHREAD { pop() }
            throw LuaError(
                .notYieldable,
                "cannot wait for a request here: Lua cannot suspend inside a table.sort comparator, "
                    + "a string.gsub callback, a __tostring or __gc metamethod, or while a module is being required",
                value: ["code": "not_yieldable"])
        }
        pop()
        owner.pendingOperation = operation
        return Int32(LUASHIM_YIELD)
    }

    /// Pushes an error caught earlier as a Lua error value again: its table (with the error
    /// metatable, so `tostring` prints its one line) or, for a plain error, its message.
    public func pushErrorValue(_ error: LuaError) {
        guard case .object = error.value, (try? push(error.value!)) != nil else {
            push(error.message)
            return
        }
        pushMarker(owner.errorMetatableRef)
        setMetatable(at: -2)
    }

    /// Keeps the value at `index` alive in the registry and returns its reference.
    public func makeReference(at index: Int32) -> Int32 {
        pushValue(at: index)
        return luaL_ref(pointer, luashim_registryindex())
    }

    /// Releases a reference made with ``makeReference(at:)``.
    public func releaseReference(_ reference: Int32) {
        luaL_unref(pointer, luashim_registryindex(), reference)
    }

    /// Pushes the value of a reference made with ``makeReference(at:)``.
    public func pushReference(_ reference: Int32) {
        _ = lua_rawgeti(pointer, luashim_registryindex(), lua_Integer(reference))
    }
}
