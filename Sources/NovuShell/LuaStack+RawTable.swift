internal import CLua
import LuaKit

extension LuaStack {
    /// `t[k] = v` without metamethods, where `t` is at `table`, and `k` and `v` are the two values
    /// on top (both popped).
    func setTableRaw(at table: Int32) {
        lua_rawset(pointer, table)
    }

    /// Replaces the key on top with `t[key]` (raw), where `t` is at `table`.
    @discardableResult
    func getTableRaw(at table: Int32) -> LuaType {
        LuaType(rawValue: lua_rawget(pointer, table))
    }

    /// Removes the value at `index`, shifting the values above it down.
    func remove(at index: Int32) {
        lua_rotate(pointer, index, -1)
        lua_settop(pointer, -2)
    }
}
