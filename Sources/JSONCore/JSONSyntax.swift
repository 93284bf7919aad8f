/// Checks JSON text without building values: for text that is kept as it is (a journal line quoting a
/// server's answer) and only has to be known valid.
public enum JSONSyntax {
    /// The bytes of the value of member `name` of the object that makes up the whole of `text`, when
    /// `text` is one valid JSON object (RFC 8259, ASCII only) that has that member; `nil` otherwise.
    /// Non-ASCII text answers `nil` too: callers then parse it the usual way.
    public static func memberValue(_ name: String, inObject text: [UInt8]) -> Range<Int>? {
        var scanner = Scanner(bytes: text, wanted: Array(name.utf8))
        guard scanner.skipWhitespace(), scanner.peek == UInt8(ascii: "{"), scanner.value(depth: 0, topLevel: true),
            scanner.skipWhitespace() == false
        else { return nil }
        return scanner.found
    }

    private struct Scanner {
        let bytes: [UInt8]
        let wanted: [UInt8]
        var position = 0
        var found: Range<Int>?

        static let maximumDepth = 512

        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        /// Skips whitespace; returns whether anything is left.
        @discardableResult
        mutating func skipWhitespace() -> Bool {
            while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
            return position < bytes.count
        }

        mutating func value(depth: Int, topLevel: Bool = false) -> Bool {
            guard depth < Self.maximumDepth, skipWhitespace(), let byte = peek else { return false }
            switch byte {
            case UInt8(ascii: "{"): return object(depth: depth, topLevel: topLevel)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""): return string() != nil
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return number()
            }
        }

        mutating func object(depth: Int, topLevel: Bool) -> Bool {
            position += 1
            guard skipWhitespace() else { return false }
            if peek == UInt8(ascii: "}") {
                position += 1
                return true
            }
            while true {
                guard skipWhitespace(), peek == UInt8(ascii: "\""), let key = string() else { return false }
                guard skipWhitespace(), peek == UInt8(ascii: ":") else { return false }
                position += 1
                guard skipWhitespace() else { return false }
                let start = position
                guard value(depth: depth + 1) else { return false }
                if topLevel, bytes[key].elementsEqual(wanted) {
                    // A duplicate member makes the value ambiguous: leave such text to the parser.
                    guard found == nil else { return false }
                    found = start..<position
                }
                guard skipWhitespace(), let next = peek else { return false }
                position += 1
                if next == UInt8(ascii: "}") { return true }
                guard next == UInt8(ascii: ",") else { return false }
            }
        }

        mutating func array(depth: Int) -> Bool {
            position += 1
            guard skipWhitespace() else { return false }
            if peek == UInt8(ascii: "]") {
                position += 1
                return true
            }
            while true {
                guard value(depth: depth + 1), skipWhitespace(), let next = peek else { return false }
                position += 1
                if next == UInt8(ascii: "]") { return true }
                guard next == UInt8(ascii: ",") else { return false }
            }
        }

        /// Skips a string; returns the range of its content (between the quotes), `nil` when invalid.
        mutating func string() -> Range<Int>? {
            position += 1
            let start = position
            while let byte = peek {
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    return start..<(position - 1)
                case UInt8(ascii: "\\"):
                    position += 1
                    guard let escaped = peek else { return nil }
                    if escaped == UInt8(ascii: "u") {
                        for offset in 1...4 {
                            guard position + offset < bytes.count, Self.isHexDigit(bytes[position + offset]) else { return nil }
                        }
                        position += 5
                    } else {
                        guard Array("\"\\/bfnrt".utf8).contains(escaped) else { return nil }
                        position += 1
                    }
                case 0..<0x20, 0x80...:
                    return nil
                default:
                    position += 1
                }
            }
            return nil
        }

        mutating func literal(_ word: String) -> Bool {
            let letters = Array(word.utf8)
            guard position + letters.count <= bytes.count, bytes[position..<(position + letters.count)].elementsEqual(letters) else {
                return false
            }
            position += letters.count
            return true
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
        mutating func number() -> Bool {
            if peek == UInt8(ascii: "-") { position += 1 }
            guard let first = peek, Self.isDigit(first) else { return false }
            position += 1
            if first != UInt8(ascii: "0") { skipDigits() }
            if peek == UInt8(ascii: ".") {
                position += 1
                guard let digit = peek, Self.isDigit(digit) else { return false }
                skipDigits()
            }
            if let exponent = peek, exponent | 0x20 == UInt8(ascii: "e") {
                position += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
                guard let digit = peek, Self.isDigit(digit) else { return false }
                skipDigits()
            }
            return true
        }

        mutating func skipDigits() {
            while let byte = peek, Self.isDigit(byte) { position += 1 }
        }

        static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

        static func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66) }
    }
}
