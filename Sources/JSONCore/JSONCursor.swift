/// Reads JSON text token by token (RFC 8259): whitespace, literals, strings and numbers, with the
/// byte offset of any problem. ``JSON/parse(_:)-(some Collection<UInt8>)`` builds trees with it; other
/// readers (the Lua bridge) build their own values from the same tokens.
public struct JSONCursor {
    /// The text.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next byte to read.
    public var position = 0

    /// A cursor at the start of `bytes`, past any leading whitespace.
    public init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        skipWhitespace()
    }

    /// The next byte, or `nil` at the end.
    public var next: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// A `syntax` error at the current offset.
    public func error(_ message: String) -> JSONError {
        JSONError(.syntax, "invalid JSON at offset \(position): \(message)")
    }

    /// Steps over spaces, tabs and line breaks.
    public mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// Checks that only whitespace is left.
    /// - Throws: ``JSONError`` `syntax` otherwise.
    public mutating func expectEnd() throws(JSONError) {
        skipWhitespace()
        guard position == bytes.count else { throw error("unexpected data after the JSON value") }
    }

    /// What the next value is.
    public enum ValueKind { case object, array, string, number, `true`, `false`, null }

    /// What value starts here, for a value `depth` containers deep; a literal is stepped over, the
    /// others are left for ``enter(closing:)``, ``withString(_:)`` or ``parseNumber()``.
    /// - Throws: ``JSONError`` `syntax` when no value starts here, `tooDeep` past ``JSON/maximumDepth``.
    public mutating func nextValue(depth: Int) throws(JSONError) -> ValueKind {
        guard depth < JSON.maximumDepth else {
            throw JSONError(.tooDeep, "JSON nesting deeper than \(JSON.maximumDepth) levels")
        }
        guard let byte = next else { throw error("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"): try expectLiteral("true"); return .true
        case UInt8(ascii: "f"): try expectLiteral("false"); return .false
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error("unexpected character '\(Unicode.Scalar(byte))'")
        }
    }

    /// Steps into the object or array starting here; returns true when it is empty (and steps past
    /// its `closing` bracket too).
    public mutating func enter(closing: UInt8) -> Bool {
        position += 1
        skipWhitespace()
        guard next == closing else { return false }
        position += 1
        return true
    }

    /// Reads an object member's key and its colon, handing the key's bytes to `body`.
    /// - Throws: ``JSONError`` `syntax` when no key or colon is there, or as ``withString(_:)``.
    public mutating func withKey<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) throws(JSONError) -> R {
        skipWhitespace()
        guard next == UInt8(ascii: "\"") else { throw error("expected a string key") }
        let key = try withString(body)
        skipWhitespace()
        guard next == UInt8(ascii: ":") else { throw error("expected ':'") }
        position += 1
        skipWhitespace()
        return key
    }

    /// After a member or item: true when a comma says another follows, false (past `closing`) when
    /// the container ends.
    /// - Throws: ``JSONError`` `syntax` for anything else.
    public mutating func continues(closing: UInt8) throws(JSONError) -> Bool {
        skipWhitespace()
        switch next {
        case UInt8(ascii: ","):
            position += 1
            skipWhitespace()
            return true
        case closing:
            position += 1
            return false
        case nil:
            throw error(closing == UInt8(ascii: "}") ? "unexpected end of input in an object" : "unexpected end of input in an array")
        default:
            throw error(closing == UInt8(ascii: "}") ? "expected ',' or '}'" : "expected ',' or ']'")
        }
    }

    /// Steps over `literal` (`true`, `false`, `null`).
    /// - Throws: ``JSONError`` `syntax` when the text differs.
    public mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("unexpected end of input") }
        let start = literal.utf8Start
        for offset in 0..<count where bytes[position + offset] != start[offset] {
            throw error("invalid literal")
        }
        position += count
    }

    /// Reads a string (the cursor is on its opening quote) as a `String`.
    /// - Throws: ``JSONError`` `syntax` for a malformed string, `notUTF8` for invalid UTF-8.
    public mutating func parseString() throws(JSONError) -> String {
        try withString { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads a string (the cursor is on its opening quote) and hands its unescaped, validated UTF-8
    /// bytes to `body`: the text's own bytes when it has no escapes, a scratch copy when it has.
    /// - Throws: ``JSONError`` as ``parseString()``.
    public mutating func withString<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) throws(JSONError) -> R {
        position += 1
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position += 1
                guard String.isValidUTF8(slice) else {
                    throw JSONError(.notUTF8, "invalid JSON at offset \(start): string is not valid UTF-8")
                }
                return body(slice)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string") }
            position += 1
        }
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return try buffer.withUnsafeBufferPointer { slice throws(JSONError) in
                    guard String.isValidUTF8(slice) else {
                        throw JSONError(.notUTF8, "invalid JSON at offset \(start): string is not valid UTF-8")
                    }
                    return body(slice)
                }
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { throw error("unexpected end of input in a string") }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"): try appendUnicodeEscape(to: &buffer)
                default: throw error("invalid escape")
                }
            default:
                if byte < 0x20 { throw error("control character in a string") }
                buffer.append(byte)
                position += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func readHex4() throws(JSONError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private mutating func appendUnicodeEscape(to buffer: inout [UInt8]) throws(JSONError) {
        var scalar = try readHex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard position + 6 <= bytes.count, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            else { throw error("unpaired surrogate in \\u escape") }
            position += 2
            let low = try readHex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            throw error("unpaired surrogate in \\u escape")
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
        buffer.append(contentsOf: UTF8.encode(unicode)!)
    }

    /// Reads a number: ``JSON/int(_:)`` without a fraction or exponent when it fits in `Int64`,
    /// ``JSON/double(_:)`` otherwise.
    /// - Throws: ``JSONError`` `syntax` for a malformed number.
    public mutating func parseNumber() throws(JSONError) -> JSON {
        let start = position
        var isFloat = false
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) else {
            throw error("invalid number")
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                position += 1
            }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isFloat = true
            position += 1
            let digits = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                position += 1
            }
            guard position > digits else { throw error("invalid number: digits expected after '.'") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isFloat = true
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            let digits = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                position += 1
            }
            guard position > digits else { throw error("invalid number: digits expected in the exponent") }
        }
        let digits = position - start - (bytes[start] == UInt8(ascii: "-") ? 1 : 0)
        if !isFloat, digits <= 18 {
            // Up to 18 digits always fit in Int64.
            var value: Int64 = 0
            for byte in bytes[(position - digits)..<position] { value = value * 10 + Int64(byte - UInt8(ascii: "0")) }
            return .int(bytes[start] == UInt8(ascii: "-") ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if !isFloat, let integer = Int64(text) { return .int(integer) }
        guard let double = Double(text) else { throw error("invalid number") }
        return .double(double)
    }
}
