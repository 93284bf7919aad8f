/// Checks JSON text without building values: for text that is kept as it is (a journal line quoting a
/// server's answer) and only has to be known valid. It reads with ``JSONCursor``, as the parser does,
/// so it accepts exactly what the parser reads.
public enum JSONSyntax {
    /// The bytes of the value of member `name` of the object that makes up the whole of `text`, when
    /// `text` is one valid JSON object (RFC 8259, ASCII only) that has that member once; `nil`
    /// otherwise. Non-ASCII text answers `nil` too: callers then parse it the usual way.
    public static func memberValue(_ name: String, inObject text: [UInt8]) -> Range<Int>? {
        guard text.allSatisfy({ $0 < 0x80 }) else { return nil }
        let wanted = Array(name.utf8)
        return text.withUnsafeBufferPointer { bytes -> Range<Int>? in
            var cursor = JSONCursor(bytes: bytes)
            guard cursor.next == UInt8(ascii: "{") else { return nil }
            var found: Range<Int>?
            do {
                if !cursor.enter(closing: UInt8(ascii: "}")) {
                    repeat {
                        let isWanted = try cursor.withKey { $0.elementsEqual(wanted) }
                        let start = cursor.position
                        try skipValue(&cursor, depth: 1)
                        guard isWanted else { continue }
                        // A duplicate member makes the value ambiguous: leave such text to the parser.
                        guard found == nil else { return nil }
                        found = start..<cursor.position
                    } while try cursor.continues(closing: UInt8(ascii: "}"))
                }
                try cursor.expectEnd()
            } catch {
                return nil
            }
            return found
        }
    }

    /// Steps over the value starting at the cursor, `depth` containers deep.
    private static func skipValue(_ cursor: inout JSONCursor, depth: Int) throws(JSONError) {
        switch try cursor.nextValue(depth: depth) {
        case .true, .false, .null: return
        case .string: try cursor.withString { _ in }
        case .number: _ = try cursor.parseNumber()
        case .array:
            if cursor.enter(closing: UInt8(ascii: "]")) { return }
            repeat { try skipValue(&cursor, depth: depth + 1) } while try cursor.continues(closing: UInt8(ascii: "]"))
        case .object:
            if cursor.enter(closing: UInt8(ascii: "}")) { return }
            repeat {
                try cursor.withKey { _ in }
                try skipValue(&cursor, depth: depth + 1)
            } while try cursor.continues(closing: UInt8(ascii: "}"))
        }
    }
}
