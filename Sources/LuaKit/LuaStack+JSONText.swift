internal import CLua
public import JSONCore

extension LuaStack {
    /// Pushes the value the JSON text `bytes` holds, read straight into Lua values: the same values
    /// ``push(_:)-(JSON)`` makes from the parsed ``JSON`` (marked empty tables, the null sentinel,
    /// integers where the text has no fraction or exponent), without building the ``JSON`` first.
    ///
    /// With `unwrapping`, an object whose only member is called so stands for that member's value
    /// (Novu's `{"data": …}` envelope).
    /// - Throws: ``JSONError`` for text that is not JSON; nothing is left pushed then.
    public func push(jsonText bytes: [UInt8], unwrapping member: String? = nil) throws(JSONError) {
        let base = top
        do {
            try bytes.withUnsafeBufferPointer { buffer throws(JSONError) in
                var cursor = JSONCursor(bytes: buffer)
                try pushValue(&cursor, depth: 0)
                try cursor.expectEnd()
            }
        } catch {
            top = base
            throw error
        }
        if let member { unwrapSoleMember(member) }
    }

    private func pushValue(_ cursor: inout JSONCursor, depth: Int) throws(JSONError) {
        guard lua_checkstack(pointer, 4) != 0 else {
            throw JSONError(.tooDeep, "JSON nesting too deep for the Lua stack")
        }
        switch try cursor.nextValue(depth: depth) {
        case .null: pushNull()
        case .true: push(true)
        case .false: push(false)
        case .string: try cursor.withString { push(bytes: $0) }
        case .number:
            switch try cursor.parseNumber() {
            case .int(let integer): push(integer)
            case .double(let double): push(double)
            default: pushNull()
            }
        case .array:
            newTable()
            if cursor.enter(closing: UInt8(ascii: "]")) { return markEmpty(with: owner.arrayMarkerRef) }
            var index: Int64 = 0
            repeat {
                try pushValue(&cursor, depth: depth + 1)
                index += 1
                setIndex(index, in: -2)
            } while try cursor.continues(closing: UInt8(ascii: "]"))
        case .object:
            if cursor.enter(closing: UInt8(ascii: "}")) {
                newTable()
                return markEmpty(with: owner.objectMarkerRef)
            }
            try pushObjectMembers(&cursor, depth: depth)
        }
    }

    /// The most members an object keeps on the stack before its table is made.
    private static let stagedMembers: Int32 = 32

    /// Pushes the table of the object whose first member the cursor is on. Its first members wait on
    /// the stack until the table can be made at their number (growing a table member by member
    /// rehashes it at 1, 2, 4, 8… members); an object with more goes on in the table as it grows.
    private func pushObjectMembers(_ cursor: inout JSONCursor, depth: Int) throws(JSONError) {
        let base = top
        var staged: Int32 = 0
        var more = true
        while more, staged < Self.stagedMembers {
            guard lua_checkstack(pointer, 4) != 0 else { throw JSONError(.tooDeep, "JSON nesting too deep for the Lua stack") }
            try cursor.withKey { push(bytes: $0) }
            try pushValue(&cursor, depth: depth + 1)
            staged += 1
            more = try cursor.continues(closing: UInt8(ascii: "}"))
        }
        newTable(hash: more ? 2 * staged : staged)
        for pair in 0..<staged {
            lua_pushvalue(pointer, base + 1 + 2 * pair)
            lua_pushvalue(pointer, base + 2 + 2 * pair)
            lua_rawset(pointer, -3)
        }
        lua_copy(pointer, -1, base + 1)
        top = base + 1
        while more {
            try cursor.withKey { push(bytes: $0) }
            try pushValue(&cursor, depth: depth + 1)
            lua_rawset(pointer, -3)
            more = try cursor.continues(closing: UInt8(ascii: "}"))
        }
    }

    /// Gives the empty table on top the array or object marker, as ``push(_:)-(JSON)`` does.
    private func markEmpty(with marker: Int32) {
        pushMarker(marker)
        setMetatable(at: -2)
    }

    /// Replaces the table on top by its member `name` when that is its only member.
    private func unwrapSoleMember(_ name: String) {
        guard lua_type(pointer, -1) == LUA_TTABLE else { return }
        pushNil()
        guard lua_next(pointer, -2) != 0 else { return }
        // Stack: table, first key, its value.
        let isSole = lua_type(pointer, -2) == LUA_TSTRING && toString(at: -2) == name
        pop()
        guard isSole, lua_next(pointer, -2) == 0 else {
            pop(isSole ? 2 : 1)  // a second member's key and value, or the first key
            return
        }
        // Stack: table. The sole member's value replaces it.
        push(name)
        lua_rawget(pointer, -2)
        lua_rotate(pointer, -2, 1)
        pop()
    }
}
