public import CLua
internal import CShim

/// The type of a Lua value, as `lua_type` reports it.
public struct LuaType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public static let none = LuaType(rawValue: LUA_TNONE)
    public static let `nil` = LuaType(rawValue: LUA_TNIL)
    public static let boolean = LuaType(rawValue: LUA_TBOOLEAN)
    public static let lightUserdata = LuaType(rawValue: LUA_TLIGHTUSERDATA)
    public static let number = LuaType(rawValue: LUA_TNUMBER)
    public static let string = LuaType(rawValue: LUA_TSTRING)
    public static let table = LuaType(rawValue: LUA_TTABLE)
    public static let function = LuaType(rawValue: LUA_TFUNCTION)
    public static let userdata = LuaType(rawValue: LUA_TUSERDATA)
    public static let thread = LuaType(rawValue: LUA_TTHREAD)
    /// The name Lua uses in messages (`nil`, `number`, `no value`).
    public var description: String {
        switch self {
        case .none: return "no value"
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .lightUserdata, .userdata: return "userdata"
        case .number: return "number"
        case .string: return "string"
        case .table: return "table"
        case .function: return "function"
        case .thread: return "thread"
        default: return "unknown"
        }
    }
}

/// A view of one Lua thread's stack: the primitive, non-raising operations LuaKit is built on.
///
/// Every operation here is safe to call from Swift: none of them can raise a Lua error except on
/// memory exhaustion. Table access is raw (no metamethods run). A `LuaStack` is only valid while
/// its thread is alive and only on the actor or thread that runs the Lua state.
public struct LuaStack {
    /// The thread this view works on.
    public let pointer: OpaquePointer

    /// Wraps a raw `lua_State *`. The state must have been created by ``LuaState``.
    public init(_ pointer: OpaquePointer) { self.pointer = pointer }

    /// The ``LuaState`` that owns this thread.
    public var owner: LuaState {
        Unmanaged<LuaState>.fromOpaque(luashim_extraspace(pointer).pointee!).takeUnretainedValue()
    }

    // MARK: - Stack

    /// The index of the top element (the number of values on the stack).
    public var top: Int32 {
        get { lua_gettop(pointer) }
        nonmutating set { lua_settop(pointer, newValue) }
    }

    /// Removes `count` values from the top.
    public func pop(_ count: Int32 = 1) { luashim_pop(pointer, count) }

    /// An absolute index for `index` (which may be negative).
    public func absolute(_ index: Int32) -> Int32 { lua_absindex(pointer, index) }

    /// The type of the value at `index`.
    public func type(at index: Int32) -> LuaType { LuaType(rawValue: lua_type(pointer, index)) }

    /// Makes sure `extra` more slots can be pushed.
    /// - Throws: ``LuaError`` with code `memory` when the stack cannot grow.
    public func reserve(_ extra: Int32) throws(LuaError) {
        guard lua_checkstack(pointer, extra) != 0 else {
            throw LuaError(.memory, "Lua stack overflow (cannot grow by \(extra) slots)")
        }
    }

    // MARK: - Push

    /// Pushes nil.
    public func pushNil() { lua_pushnil(pointer) }
    /// Pushes a boolean.
    public func push(_ value: Bool) { lua_pushboolean(pointer, value ? 1 : 0) }
    /// Pushes an integer.
    public func push(_ value: Int64) { lua_pushinteger(pointer, lua_Integer(value)) }
    /// Pushes a float.
    public func push(_ value: Double) { lua_pushnumber(pointer, value) }
    /// Pushes a string's UTF-8 bytes.
    public func push(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            _ = lua_pushlstring(pointer, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, bytes.count)
        }
    }
    /// Pushes raw bytes as a Lua string.
    public func push(bytes: some Collection<UInt8>) {
        let pushed = bytes.withContiguousStorageIfAvailable { buffer in
            _ = lua_pushlstring(pointer, UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self), buffer.count)
        }
        if pushed == nil {
            let copy = Array(bytes)
            copy.withUnsafeBufferPointer { buffer in
                _ = lua_pushlstring(pointer, UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self), buffer.count)
            }
        }
    }
    /// Pushes a copy of the value at `index`.
    public func pushValue(at index: Int32) { lua_pushvalue(pointer, index) }
    /// Pushes a new empty table with room for `array` and `hash` elements.
    public func newTable(array: Int32 = 0, hash: Int32 = 0) { lua_createtable(pointer, array, hash) }
    /// Pushes the globals table.
    public func pushGlobals() { luashim_pushglobaltable(pointer) }
    /// Pushes the JSON null sentinel.
    public func pushNull() { lua_pushlightuserdata(pointer, luashim_null_marker()) }

    // MARK: - Read

    /// True when the value at `index` is the JSON null sentinel.
    public func isNull(at index: Int32) -> Bool {
        lua_type(pointer, index) == LUA_TLIGHTUSERDATA && lua_touserdata(pointer, index) == luashim_null_marker()
    }
    /// The boolean value of `index` (Lua truthiness).
    public func toBool(at index: Int32) -> Bool { lua_toboolean(pointer, index) != 0 }
    /// The integer at `index` when it is an integer, or a float with an integral value.
    public func toInteger(at index: Int32) -> Int64? {
        guard lua_type(pointer, index) == LUA_TNUMBER else { return nil }
        var ok: Int32 = 0
        let value = luashim_tointeger(pointer, index, &ok)
        return ok != 0 ? Int64(value) : nil
    }
    /// True when the number at `index` has the integer subtype.
    public func isInteger(at index: Int32) -> Bool { lua_isinteger(pointer, index) != 0 }
    /// The number at `index` as a float.
    public func toDouble(at index: Int32) -> Double? {
        lua_type(pointer, index) == LUA_TNUMBER ? luashim_tonumber(pointer, index) : nil
    }
    /// The bytes of the string at `index` (numbers are not converted).
    public func withBytes<T>(at index: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T? {
        guard lua_type(pointer, index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let chars = lua_tolstring(pointer, index, &length) else { return nil }
        return try chars.withMemoryRebound(to: UInt8.self, capacity: length) {
            try body(UnsafeBufferPointer(start: $0, count: length))
        }
    }
    /// The string at `index` when it is a string (numbers are not converted); invalid UTF-8 is
    /// repaired with U+FFFD, so use ``withBytes(at:_:)`` where bytes matter.
    public func toString(at index: Int32) -> String? {
        withBytes(at: index) { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: - Tables (raw access)

    /// `t[key] = v` without metamethods, where `t` is at `table` and `v` on top (popped).
    public func setField(_ key: String, in table: Int32) {
        let table = absolute(table)
        push(key)
        lua_rotate(pointer, -2, 1)
        lua_rawset(pointer, table)
    }
    /// Pushes `t[key]` without metamethods.
    @discardableResult
    public func getField(_ key: String, in table: Int32) -> LuaType {
        let table = absolute(table)
        push(key)
        return LuaType(rawValue: lua_rawget(pointer, table))
    }
    /// `t[n] = v` without metamethods, where `v` is on top (popped).
    public func setIndex(_ n: Int64, in table: Int32) { lua_rawseti(pointer, table, lua_Integer(n)) }
    /// Pushes `t[n]` without metamethods.
    @discardableResult
    public func getIndex(_ n: Int64, in table: Int32) -> LuaType {
        LuaType(rawValue: lua_rawgeti(pointer, table, lua_Integer(n)))
    }
    /// Sets global `name` to the value on top (popped), raw.
    public func setGlobal(_ name: String) {
        pushGlobals()
        lua_rotate(pointer, -2, 1)
        setField(name, in: -2)
        pop()
    }
    /// Pushes global `name`, raw.
    @discardableResult
    public func getGlobal(_ name: String) -> LuaType {
        pushGlobals()
        let type = getField(name, in: -1)
        luashim_remove(pointer, -2)
        return type
    }
    /// Sets the metatable of the value at `index` to the table on top (popped).
    public func setMetatable(at index: Int32) { lua_setmetatable(pointer, index) }
    /// Pushes the metatable of `index` and returns true, or pushes nothing and returns false.
    public func getMetatable(at index: Int32) -> Bool { lua_getmetatable(pointer, index) != 0 }
    /// The identity of a table, function, thread or userdata (for cycle detection).
    public func identity(at index: Int32) -> UnsafeRawPointer? { lua_topointer(pointer, index) }
}
