extension JSON {
    /// The deepest nesting ``parse(_:)`` accepts.
    public static let maximumDepth = 512

    /// Parses JSON text.
    ///
    /// Numbers without a fraction or exponent that fit in `Int64` become ``int(_:)``; all others
    /// become ``double(_:)``. Duplicate object keys keep the last value, as JavaScript does.
    /// - Throws: ``JSONError`` with code `syntax` naming the byte offset of the problem, or
    ///   `tooDeep` past ``maximumDepth`` levels.
    public static func parse(_ text: some Collection<UInt8>) throws(JSONError) -> JSON {
        let bytes = Array(text)
        return try bytes.withUnsafeBufferPointer { buffer throws(JSONError) in
            var parser = JSONParser(cursor: JSONCursor(bytes: buffer))
            let value = try parser.parseValue(depth: 0)
            try parser.cursor.expectEnd()
            return value
        }
    }

    /// Parses JSON text given as a string.
    /// - Throws: ``JSONError`` as ``parse(_:)-(some Collection<UInt8>)``.
    public static func parse(_ text: String) throws(JSONError) -> JSON {
        try parse(Array(text.utf8))
    }
}

/// Builds a ``JSON`` tree from the values a ``JSONCursor`` reads.
private struct JSONParser {
    var cursor: JSONCursor
    /// The members of the objects being read, innermost last.
    var members: [(String, JSON)] = []

    mutating func parseValue(depth: Int) throws(JSONError) -> JSON {
        switch try cursor.nextValue(depth: depth) {
        case .object: return try parseObject(depth: depth)
        case .array: return try parseArray(depth: depth)
        case .string: return .string(try cursor.parseString())
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .null: return .null
        case .number: return try cursor.parseNumber()
        }
    }

    mutating func parseObject(depth: Int) throws(JSONError) -> JSON {
        if cursor.enter(closing: UInt8(ascii: "}")) { return .object([:]) }
        // Members wait in `members` (shared by every level) until the object ends: its dictionary is
        // then made at its final size, instead of growing and hashing every key again each time.
        let first = members.count
        repeat {
            let key = try cursor.withKey { String(decoding: $0, as: UTF8.self) }
            members.append((key, try parseValue(depth: depth + 1)))
        } while try cursor.continues(closing: UInt8(ascii: "}"))
        var object = [String: JSON](minimumCapacity: members.count - first)
        for (key, value) in members[first...] { object[key] = value }
        members.removeSubrange(first...)
        return .object(object)
    }

    mutating func parseArray(depth: Int) throws(JSONError) -> JSON {
        var items: [JSON] = []
        if cursor.enter(closing: UInt8(ascii: "]")) { return .array(items) }
        repeat {
            items.append(try parseValue(depth: depth + 1))
        } while try cursor.continues(closing: UInt8(ascii: "]"))
        return .array(items)
    }
}
