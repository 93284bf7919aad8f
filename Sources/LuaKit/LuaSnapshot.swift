/// A Lua value captured for display, read with raw access only (no metamethods run except an
/// explicit `__tostring`, no I/O).
///
/// ``LuaState/snapshot(at:limits:)`` builds it; the shell's printer formats it.
public indirect enum LuaSnapshot: Sendable, Hashable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    /// A string's bytes, exactly as Lua holds them (not necessarily UTF-8).
    case string([UInt8])
    /// The JSON null sentinel (`json.null` / `novu.null`).
    case null
    /// A table: `id` identifies it (for cycle marks); `entries` are sorted (integers first in
    /// numeric order, then strings, then other keys); `isArray` is true when the keys are exactly
    /// 1..n (an empty table is an array only when it carries the array marker); `omitted` counts
    /// entries left out by the width cap; `tostring` holds the result of a `__tostring` metamethod.
    case table(LuaTableSnapshot)
    /// A table already being printed further up: a cycle.
    case cycle(id: Int)
    /// A table below the depth cap, not expanded.
    case elided(id: Int)
    /// A function, userdata, thread or light userdata, with its `tostring` text.
    case opaque(type: String, description: String)
}

/// The contents of a table in a ``LuaSnapshot``.
public struct LuaTableSnapshot: Sendable, Hashable {
    /// Identifies the table within one snapshot.
    public var id: Int
    /// Key/value pairs in display order.
    public var entries: [LuaSnapshotEntry]
    /// True when the keys are exactly 1..n, or the table is empty and marked as an array.
    public var isArray: Bool
    /// True when the table is empty and marked as a JSON object.
    public var isMarkedObject: Bool
    /// How many entries the width cap left out.
    public var omitted: Int
    /// The text of the table's `__tostring` metamethod, when it has one.
    public var tostring: String?

    /// Creates a table snapshot.
    public init(
        id: Int, entries: [LuaSnapshotEntry], isArray: Bool, isMarkedObject: Bool = false, omitted: Int = 0,
        tostring: String? = nil
    ) {
        self.id = id
        self.entries = entries
        self.isArray = isArray
        self.isMarkedObject = isMarkedObject
        self.omitted = omitted
        self.tostring = tostring
    }
}

/// One key/value pair of a ``LuaTableSnapshot``.
public struct LuaSnapshotEntry: Sendable, Hashable {
    public var key: LuaSnapshot
    public var value: LuaSnapshot
    public init(key: LuaSnapshot, value: LuaSnapshot) {
        self.key = key
        self.value = value
    }
}

/// Caps for ``LuaState/snapshot(at:limits:)``.
public struct LuaSnapshotLimits: Sendable, Hashable {
    /// Tables deeper than this are ``LuaSnapshot/elided(id:)``.
    public var depth: Int
    /// At most this many entries per table; the rest are counted in `omitted`.
    public var width: Int
    /// Creates limits.
    public init(depth: Int = 5, width: Int = 50) {
        self.depth = depth
        self.width = width
    }
}
