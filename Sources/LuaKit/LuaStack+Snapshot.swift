internal import CLua
internal import CShim

extension LuaStack {
    /// Captures the value at `index` for display, with raw access only and the given caps.
    ///
    /// A table's `__tostring` metamethod, when present, is called in protected mode and its text
    /// kept; no other metamethod runs.
    public func snapshot(at index: Int32, limits: LuaSnapshotLimits = LuaSnapshotLimits()) -> LuaSnapshot {
        var ids: [UnsafeRawPointer: Int] = [:]
        var open: Set<UnsafeRawPointer> = []
        return snapshot(at: absolute(index), depth: 0, limits: limits, ids: &ids, open: &open)
    }

    private func snapshot(
        at index: Int32, depth: Int, limits: LuaSnapshotLimits, ids: inout [UnsafeRawPointer: Int],
        open: inout Set<UnsafeRawPointer>
    ) -> LuaSnapshot {
        switch lua_type(pointer, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(toBool(at: index))
        case LUA_TNUMBER:
            return isInteger(at: index) ? .integer(toInteger(at: index)!) : .number(luashim_tonumber(pointer, index))
        case LUA_TSTRING: return .string(withBytes(at: index) { Array($0) } ?? [])
        case LUA_TLIGHTUSERDATA where isNull(at: index): return .null
        case LUA_TTABLE: break
        default:
            return .opaque(type: type(at: index).description, description: describe(at: index))
        }
        let identity = identity(at: index)!
        let id: Int
        if let known = ids[identity] {
            id = known
        } else {
            id = ids.count + 1
            ids[identity] = id
        }
        if open.contains(identity) { return .cycle(id: id) }
        if let text = tostringMetamethod(at: index) {
            return .table(LuaTableSnapshot(id: id, entries: [], isArray: false, tostring: text))
        }
        if depth >= limits.depth { return .elided(id: id) }
        guard lua_checkstack(pointer, 4) != 0 else { return .elided(id: id) }
        open.insert(identity)
        defer { open.remove(identity) }

        var keyed: [(order: SortKey, key: LuaSnapshot, value: LuaSnapshot)] = []
        let length = Int64(lua_rawlen(pointer, index))
        var arrayShaped = true
        pushNil()
        while lua_next(pointer, index) != 0 {
            let keyIndex = top - 1
            if !(isInteger(at: keyIndex) && (1...max(length, 1)).contains(toInteger(at: keyIndex)!)) {
                arrayShaped = false
            }
            let order = sortKey(at: keyIndex)
            // Copy the key before reading it, so lua_next keeps its own key intact.
            pushValue(at: keyIndex)
            let key = snapshot(at: top, depth: depth + 1, limits: limits, ids: &ids, open: &open)
            pop()
            let value = snapshot(at: top, depth: depth + 1, limits: limits, ids: &ids, open: &open)
            keyed.append((order, key, value))
            pop()
        }
        keyed.sort { $0.order < $1.order }
        let marker = keyed.isEmpty ? marker(at: index) : nil
        let isArray = keyed.isEmpty ? marker == .array : (arrayShaped && Int64(keyed.count) == length)
        let kept = keyed.prefix(limits.width).map { LuaSnapshotEntry(key: $0.key, value: $0.value) }
        return .table(
            LuaTableSnapshot(
                id: id, entries: Array(kept), isArray: isArray, isMarkedObject: marker == .object,
                omitted: keyed.count - kept.count))
    }

    private func tostringMetamethod(at index: Int32) -> String? {
        guard getMetatable(at: index) else { return nil }
        let type = getField("__tostring", in: -1)
        pop(2)
        guard type == .function else { return nil }
        return describe(at: index)
    }

    /// `tostring(value)` in protected mode (a failing `__tostring` gives its error text).
    func describe(at index: Int32) -> String {
        if luashim_tostring(pointer, index) == LUA_OK {
            defer { pop() }
            return toString(at: -1) ?? "?"
        }
        defer { pop() }
        return "<__tostring failed: \(toString(at: -1) ?? "?")>"
    }

    private func sortKey(at index: Int32) -> SortKey {
        switch lua_type(pointer, index) {
        case LUA_TNUMBER: return SortKey(rank: 0, number: luashim_tonumber(pointer, index), text: [])
        case LUA_TSTRING: return SortKey(rank: 1, number: 0, text: withBytes(at: index) { Array($0) } ?? [])
        case LUA_TBOOLEAN: return SortKey(rank: 2, number: toBool(at: index) ? 1 : 0, text: [])
        default: return SortKey(rank: 3, number: 0, text: Array(describe(at: index).utf8))
        }
    }
}

/// Display order of table keys: numbers, then strings (bytewise), then booleans, then the rest.
private struct SortKey: Comparable {
    var rank: Int
    var number: Double
    var text: [UInt8]
    static func < (lhs: SortKey, rhs: SortKey) -> Bool {
        if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
        if lhs.number != rhs.number { return lhs.number < rhs.number }
        return lhs.text.lexicographicallyPrecedes(rhs.text)
    }
}
