internal import CLua
internal import CShim
public import JSONCore

extension LuaStack {
    /// The deepest table nesting that converts to ``JSON``.
    public static let maximumConversionDepth = 200

    /// Pushes a ``JSON`` value: objects and arrays become tables (empty ones carry the array or
    /// object marker, so they keep their kind when converted back), `null` becomes the null
    /// sentinel, strings become byte strings.
    /// - Throws: ``LuaError`` with code `memory` if the stack cannot grow for deep values.
    public func push(_ value: JSON) throws(LuaError) {
        try reserve(3)
        switch value {
        case .null: pushNull()
        case .bool(let flag): push(flag)
        case .int(let integer): push(integer)
        case .double(let double): push(double)
        case .string(let string): push(string)
        case .bytes(let bytes): push(bytes: bytes)
        case .array(let items):
            newTable(array: Int32(clamping: items.count))
            if items.isEmpty {
                pushMarker(owner.arrayMarkerRef)
                setMetatable(at: -2)
            }
            for (offset, item) in items.enumerated() {
                try push(item)
                setIndex(Int64(offset + 1), in: -2)
            }
        case .object(let members):
            newTable(hash: Int32(clamping: members.count))
            if members.isEmpty {
                pushMarker(owner.objectMarkerRef)
                setMetatable(at: -2)
            }
            for (key, member) in members {
                push(key)
                try push(member)
                lua_rawset(pointer, -3)
            }
        }
    }

    /// Pushes a ``LuaResult``.
    /// - Throws: ``LuaError`` as ``push(_:)-(JSON)``.
    public func push(_ result: LuaResult) throws(LuaError) {
        switch result {
        case .nil: pushNil()
        case .json(let json): try push(json)
        case .jsonText(let text, let member, let invalid):
            do {
                try push(jsonText: text, unwrapping: member)
            } catch {
                let failure = invalid()
                let fields = (failure as? any LuaErrorConvertible)?.luaErrorFields
                throw LuaError(.runtime, "\(failure)", value: fields.map(JSON.object))
            }
        case .reference(let ref): _ = lua_rawgeti(pointer, luashim_registryindex(), lua_Integer(ref))
        case .ownedReference(let ref):
            _ = lua_rawgeti(pointer, luashim_registryindex(), lua_Integer(ref))
            luaL_unref(pointer, luashim_registryindex(), ref)
        }
    }

    func pushMarker(_ ref: Int32) {
        _ = lua_rawgeti(pointer, luashim_registryindex(), lua_Integer(ref))
    }

    /// Which marker the table at `index` carries: `.array`, `.object` or nil.
    func marker(at index: Int32) -> JSONKind? {
        guard getMetatable(at: index) else { return nil }
        defer { pop(2) }
        pushMarker(owner.arrayMarkerRef)
        if lua_rawequal(pointer, -1, -2) != 0 { return .array }
        pop()
        pushMarker(owner.objectMarkerRef)
        if lua_rawequal(pointer, -1, -2) != 0 { return .object }
        return .other
    }

    enum JSONKind { case array, object, other }

    /// Converts the value at `index` to ``JSON`` with raw access (no metamethods run).
    ///
    /// A table is an array when its keys are exactly 1...n; an empty table is an array only when it
    /// carries the array marker. Integer and float keys of other tables become decimal strings.
    /// `nil` converts to `null`.
    /// - Throws: ``LuaError`` with code `conversion` naming the path for a cycle, nesting deeper
    ///   than ``maximumConversionDepth``, a function/userdata/thread value, or a boolean key.
    public func json(at index: Int32) throws(LuaError) -> JSON {
        var visiting: Set<UnsafeRawPointer> = []
        return try json(at: absolute(index), path: "$", depth: 0, visiting: &visiting)
    }

    private func json(
        at index: Int32, path: @autoclosure () -> String, depth: Int, visiting: inout Set<UnsafeRawPointer>
    ) throws(LuaError) -> JSON {
        switch lua_type(pointer, index) {
        case LUA_TNIL, LUA_TNONE: return .null
        case LUA_TBOOLEAN: return .bool(toBool(at: index))
        case LUA_TNUMBER:
            return isInteger(at: index) ? .int(toInteger(at: index)!) : .double(luashim_tonumber(pointer, index))
        case LUA_TSTRING:
            return withBytes(at: index) { bytes in
                String(validatingUTF8: bytes).map(JSON.string) ?? .bytes(Array(bytes))
            } ?? .null
        case LUA_TLIGHTUSERDATA where isNull(at: index):
            return .null
        case LUA_TTABLE:
            return try tableJSON(at: index, path: path(), depth: depth, visiting: &visiting)
        default:
            throw LuaError(.conversion, "cannot convert a \(type(at: index)) to JSON (at \(path()))")
        }
    }

    private func tableJSON(
        at index: Int32, path: String, depth: Int, visiting: inout Set<UnsafeRawPointer>
    ) throws(LuaError) -> JSON {
        guard depth < Self.maximumConversionDepth else {
            throw LuaError(.conversion, "table nested deeper than \(Self.maximumConversionDepth) levels (at \(path))")
        }
        let identity = identity(at: index)!
        guard visiting.insert(identity).inserted else {
            throw LuaError(.conversion, "table contains a cycle (at \(path))")
        }
        defer { visiting.remove(identity) }
        try reserve(4)
        let length = Int64(lua_rawlen(pointer, index))
        var count: Int64 = 0
        var arrayShaped = true
        pushNil()
        while lua_next(pointer, index) != 0 {
            count += 1
            if arrayShaped {
                if isInteger(at: -2), let key = toInteger(at: -2), key >= 1, key <= length {
                } else {
                    arrayShaped = false
                }
            }
            pop()
        }
        if count == 0 {
            return marker(at: index) == .array ? .array([]) : .object([:])
        }
        if arrayShaped && count == length {
            var items: [JSON] = []
            items.reserveCapacity(Int(length))
            for position in 1...length {
                getIndex(position, in: index)
                defer { pop() }
                items.append(try json(at: top, path: "\(path)[\(position)]", depth: depth + 1, visiting: &visiting))
            }
            return .array(items)
        }
        var members: [String: JSON] = [:]
        members.reserveCapacity(Int(count))
        pushNil()
        while lua_next(pointer, index) != 0 {
            let key: String
            switch lua_type(pointer, -2) {
            case LUA_TSTRING:
                key = toString(at: -2)!
            case LUA_TNUMBER:
                key = isInteger(at: -2) ? String(toInteger(at: -2)!) : String(luashim_tonumber(pointer, -2))
            default:
                let keyType = type(at: -2)
                pop(2)
                throw LuaError(.conversion, "cannot convert a table key of type \(keyType) to JSON (at \(path))")
            }
            do {
                members[key] = try json(at: top, path: "\(path).\(key)", depth: depth + 1, visiting: &visiting)
            } catch {
                pop(2)
                throw error
            }
            pop()
        }
        return .object(members)
    }
}
