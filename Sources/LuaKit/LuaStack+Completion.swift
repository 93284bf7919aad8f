internal import CLua
internal import CShim

extension LuaStack {
    /// Lua's reserved words, offered when completing a bare name.
    public static let keywords = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
        "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]

    /// Completes the dotted name that ends `text` (`string.fo` → `format`), reading tables with
    /// raw access only: no metamethod runs and nothing is called. A table's metatable `__index`
    /// is followed when it is itself a table.
    ///
    /// - Returns: how many bytes before the end the candidates replace, and the candidates (sorted).
    public func completions(for text: String) -> (replaceLength: Int, candidates: [String]) {
        let identifierCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:")
        let expression = String(text.reversed().prefix { identifierCharacters.contains($0) }.reversed())
        guard expression.first.map({ !$0.isNumber }) ?? true else { return (0, []) }
        var path = expression.split(separator: ".", omittingEmptySubsequences: false).flatMap {
            $0.split(separator: ":", omittingEmptySubsequences: false)
        }.map(String.init)
        let prefix = path.removeLast()
        let before = top
        defer { top = before }
        pushGlobals()
        for name in path {
            guard lua_type(pointer, -1) == LUA_TTABLE, lookUp(name) else { return (0, []) }
        }
        if lua_type(pointer, -1) == LUA_TSTRING {
            pop()
            getGlobal("string")
        }
        var names = Set<String>()
        collectKeys(into: &names, prefix: prefix, depth: 0)
        if path.isEmpty {
            for keyword in Self.keywords where keyword.hasPrefix(prefix) { names.insert(keyword) }
        }
        return (prefix.utf8.count, names.sorted())
    }

    /// Replaces the table on top with `table[name]` (raw, then through table `__index` chains).
    private func lookUp(_ name: String) -> Bool {
        var depth = 0
        while depth < 8 {
            if lua_type(pointer, -1) == LUA_TSTRING {
                // Methods of strings live in the string library.
                pop()
                getGlobal("string")
            }
            guard lua_type(pointer, -1) == LUA_TTABLE else { return false }
            getField(name, in: -1)
            if lua_type(pointer, -1) != LUA_TNIL {
                luashim_remove(pointer, -2)
                return true
            }
            pop()
            guard getMetatable(at: -1) else { return false }
            getField("__index", in: -1)
            luashim_remove(pointer, -2)
            luashim_remove(pointer, -2)
            depth += 1
        }
        return false
    }

    private func collectKeys(into names: inout Set<String>, prefix: String, depth: Int) {
        guard depth < 8, lua_type(pointer, -1) == LUA_TTABLE else { return }
        let table = top
        pushNil()
        while lua_next(pointer, table) != 0 {
            if lua_type(pointer, -2) == LUA_TSTRING, let key = toString(at: -2), key.hasPrefix(prefix),
                key.first.map({ $0.isLetter || $0 == "_" }) == true,
                key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            {
                names.insert(key)
            }
            pop()
        }
        if getMetatable(at: table) {
            getField("__index", in: -1)
            collectKeys(into: &names, prefix: prefix, depth: depth + 1)
            pop(2)
        }
    }
}
