import JSONCore
import LuaKit

/// The helpers every novush Lua state has besides Lua's own libraries.
enum StandardLibrary {
    static func install(in state: LuaState) {
        installJSON(in: state)
    }

    /// `json.encode(value[, {pretty = true}])`, `json.decode(text)`, `json.null`, and
    /// `json.array()` / `json.object()` for empty values that keep their kind.
    static func installJSON(in state: LuaState) {
        let stack = state.main
        stack.newTable()
        state.pushFunction(name: "json.encode", { stack in
            guard stack.top >= 1 else { throw LuaError.badArgument(1, function: "json.encode", "value expected") }
            let value = try stack.json(at: 1)
            var options: JSON.WriteOptions = [.sortedKeys]
            if stack.type(at: 2) == .table, stack.getField("pretty", in: 2) != .nil {
                if stack.toBool(at: -1) { options.insert(.pretty) }
                stack.pop()
            }
            do throws(JSONError) {
                stack.push(try value.serializedString(options: options))
            } catch {
                throw LuaError(.conversion, error.message)
            }
            return 1
        }, on: stack)
        stack.setField("encode", in: -2)
        state.pushFunction(name: "json.decode", { stack in
            guard let text = stack.withBytes(at: 1, { Array($0) }) else {
                throw LuaError.badArgument(1, function: "json.decode", "string expected, got \(stack.type(at: 1))")
            }
            let value: JSON
            do throws(JSONError) {
                value = try JSON.parse(text)
            } catch {
                throw LuaError(.conversion, error.message)
            }
            try stack.push(value)
            return 1
        }, on: stack)
        stack.setField("decode", in: -2)
        state.pushFunction(name: "json.array", { stack in
            try stack.push(JSON.array([]))
            return 1
        }, on: stack)
        stack.setField("array", in: -2)
        state.pushFunction(name: "json.object", { stack in
            try stack.push(JSON.object([:]))
            return 1
        }, on: stack)
        stack.setField("object", in: -2)
        stack.pushNull()
        stack.setField("null", in: -2)
        stack.setGlobal("json")
    }
}
