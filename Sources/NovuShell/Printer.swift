public import LuaKit

/// Formats Lua values for a person reading them at the REPL.
///
/// The output looks like Lua constructor syntax, so a value can usually be pasted back as code:
///
/// ```
/// { 1, 2, 3 }
/// { name = "Ada", ["not an identifier"] = 2, [10] = 3 }
/// ```
///
/// Notation:
/// - strings are quoted Lua literals: `\n`, `\t`, `\r`, `\\` and `\"` escaped, other control bytes and
///   bytes that are not valid UTF-8 as `\xNN`, C1 controls as `\u{NN}`; valid UTF-8 text shows as is;
/// - integers print without a decimal point (`1`), floats always with one or an exponent (`1.0`,
///   `0.1`, `1e+100`, `nan`, `inf`, `-inf`);
/// - `null` is the JSON null sentinel (`json.null` / `novu.null`);
/// - an empty table prints `{}`; an empty table that carries the JSON array marker prints
///   `{} --[[array]]` and one that carries the object marker prints `{} --[[object]]` (both still
///   valid Lua);
/// - a table whose leading keys are 1, 2, 3, … shows those values without keys: `{ 1, 2, x = 3 }`;
/// - a table reached again while it is being printed shows `<cycle table: N>`, and the table it
///   refers to is labelled `<table: N>` where it is printed in full;
/// - a table below the depth cap shows `{...}`; entries left out by the width cap show
///   `... (N more)` as the last entry;
/// - a table with a `__tostring` metamethod shows that text;
/// - functions, userdata and threads show their `tostring` text (`function: 0x…`).
///
/// A table that fits within ``Configuration/width`` columns (counting its indentation) stays on one
/// line; a longer one puts each entry on its own line, indented by two spaces, with a trailing
/// comma. Colours (ANSI escapes) are used only when `colors` is true.
public struct Printer: Sendable {
    /// Whether to colour the output with ANSI escapes.
    public var colors: Bool
    /// The column budget a one-line table must fit in.
    public var width: Int

    /// Creates a printer.
    ///
    /// - Parameters:
    ///   - colors: Colour the output with ANSI escapes (use it only when stdout is a terminal).
    ///   - width: The column budget a table must fit in to stay on one line.
    public init(colors: Bool, width: Int = 80) {
        self.colors = colors
        self.width = width
    }

    /// Formats one value.
    ///
    /// - Parameter value: A snapshot of a Lua value.
    /// - Returns: The text, without a trailing newline.
    public func format(_ value: LuaSnapshot) -> String {
        var layout = Layout(printer: self, labelled: Self.cycleTargets(of: value))
        return layout.render(value, indent: 0, lead: 0)
    }

    /// Formats several values (the results of one REPL line), separated by tabs as `print` does.
    ///
    /// - Parameter values: Snapshots of Lua values.
    /// - Returns: The text, without a trailing newline; empty when `values` is empty.
    public func format(_ values: [LuaSnapshot]) -> String {
        values.map { format($0) }.joined(separator: "\t")
    }

    /// The ids of tables that a cycle mark refers to (they get a label where they are printed).
    private static func cycleTargets(of value: LuaSnapshot) -> Set<Int> {
        var ids: Set<Int> = []
        var stack = [value]
        while let next = stack.popLast() {
            switch next {
            case .cycle(let id):
                ids.insert(id)
            case .table(let table):
                for entry in table.entries {
                    stack.append(entry.key)
                    stack.append(entry.value)
                }
            default:
                break
            }
        }
        return ids
    }
}

// MARK: - Styles

extension Printer {
    /// What a piece of text is, for colouring.
    enum Style {
        case string, number, keyword, mark, plain

        var escape: String? {
            switch self {
            case .string: "\u{1B}[32m"  // green
            case .number: "\u{1B}[36m"  // cyan
            case .keyword: "\u{1B}[35m"  // magenta
            case .mark: "\u{1B}[90m"  // grey
            case .plain: nil
            }
        }
    }

    /// Text with its width on screen (escapes do not count).
    struct Piece {
        var text: String
        var width: Int

        init(_ text: String, width: Int) {
            self.text = text
            self.width = width
        }
    }

    func piece(_ text: String, _ style: Style) -> Piece {
        let width = Self.displayWidth(text)
        guard colors, let escape = style.escape else { return Piece(text, width: width) }
        return Piece(escape + text + "\u{1B}[0m", width: width)
    }

    /// Columns taken by `text`: one per Unicode scalar except combining marks, two for wide
    /// East Asian characters and emoji (close enough for deciding where to break lines).
    static func displayWidth(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: continue
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFF00...0xFF60,
                0xFFE0...0xFFE6, 0x1F300...0x1FAFF, 0x20000...0x3FFFD:
                width += 2
            default:
                width += 1
            }
        }
        return width
    }
}

// MARK: - Layout

extension Printer {
    /// One formatting pass: knows which tables need a label for cycle marks.
    struct Layout {
        let printer: Printer
        let labelled: Set<Int>

        /// Renders `value` starting at column `indent + lead` (`lead` is text already on the line,
        /// such as `key = `); nested lines are indented from `indent`.
        mutating func render(_ value: LuaSnapshot, indent: Int, lead: Int) -> String {
            guard case .table(let table) = value, table.tostring == nil, !table.entries.isEmpty || table.omitted > 0
            else { return flat(value).text }
            let oneLine = flat(value)
            if indent + lead + oneLine.width <= printer.width { return oneLine.text }
            return expanded(table, indent: indent)
        }

        /// One entry per line.
        private mutating func expanded(_ table: LuaTableSnapshot, indent: Int) -> String {
            let inner = String(repeating: " ", count: indent + 2)
            var lines: [String] = [label(table).map { $0.text + " {" } ?? "{"]
            let positional = positionalCount(table)
            for (index, entry) in table.entries.enumerated() {
                if index < positional {
                    lines.append(inner + render(entry.value, indent: indent + 2, lead: 0) + ",")
                } else {
                    let key = keyPiece(entry.key)
                    let value = render(entry.value, indent: indent + 2, lead: key.width)
                    lines.append(inner + key.text + value + ",")
                }
            }
            if table.omitted > 0 { lines.append(inner + omittedPiece(table.omitted).text) }
            lines.append(String(repeating: " ", count: indent) + "}")
            return lines.joined(separator: "\n")
        }

        /// The whole value on one line.
        func flat(_ value: LuaSnapshot) -> Piece {
            switch value {
            case .nil: return printer.piece("nil", .keyword)
            case .boolean(let flag): return printer.piece(flag ? "true" : "false", .keyword)
            case .null: return printer.piece("null", .keyword)
            case .integer(let number): return printer.piece(String(number), .number)
            case .number(let number): return printer.piece(Printer.formatFloat(number), .number)
            case .string(let bytes): return printer.piece(Printer.quote(bytes), .string)
            case .cycle(let id): return printer.piece("<cycle table: \(id)>", .mark)
            case .elided: return printer.piece("{...}", .mark)
            case .opaque(_, let description): return printer.piece(description, .mark)
            case .table(let table): return flatTable(table)
            }
        }

        private func flatTable(_ table: LuaTableSnapshot) -> Piece {
            if let text = table.tostring { return Piece(text, width: Printer.displayWidth(text)) }
            var parts: [Piece] = []
            if let label = label(table) { parts.append(label) }
            if table.entries.isEmpty && table.omitted == 0 {
                if table.isArray {
                    parts.append(Piece("{}", width: 2))
                    parts.append(printer.piece("--[[array]]", .mark))
                } else if table.isMarkedObject {
                    parts.append(Piece("{}", width: 2))
                    parts.append(printer.piece("--[[object]]", .mark))
                } else {
                    parts.append(Piece("{}", width: 2))
                }
                return join(parts, separator: " ")
            }
            let positional = positionalCount(table)
            var items: [Piece] = []
            for (index, entry) in table.entries.enumerated() {
                if index < positional {
                    items.append(flat(entry.value))
                } else {
                    let key = keyPiece(entry.key)
                    let value = flat(entry.value)
                    items.append(Piece(key.text + value.text, width: key.width + value.width))
                }
            }
            if table.omitted > 0 { items.append(omittedPiece(table.omitted)) }
            let body = join(items, separator: ", ")
            parts.append(Piece("{ " + body.text + " }", width: body.width + 4))
            return join(parts, separator: " ")
        }

        private func join(_ pieces: [Piece], separator: String) -> Piece {
            let text = pieces.map(\.text).joined(separator: separator)
            let width = pieces.reduce(0) { $0 + $1.width } + max(0, pieces.count - 1) * separator.count
            return Piece(text, width: width)
        }

        private func label(_ table: LuaTableSnapshot) -> Piece? {
            labelled.contains(table.id) ? printer.piece("<table: \(table.id)>", .mark) : nil
        }

        private func omittedPiece(_ count: Int) -> Piece {
            printer.piece("... (\(count) more)", .mark)
        }

        /// How many leading entries have keys 1, 2, 3, … and print without their keys.
        private func positionalCount(_ table: LuaTableSnapshot) -> Int {
            var count = 0
            for entry in table.entries {
                guard case .integer(let key) = entry.key, key == Int64(count) + 1 else { break }
                count += 1
            }
            return count
        }

        /// `name = ` for identifier keys, `[key] = ` otherwise.
        private func keyPiece(_ key: LuaSnapshot) -> Piece {
            if case .string(let bytes) = key, let name = Printer.identifier(bytes) {
                return Piece(name + " = ", width: name.count + 3)
            }
            let inner = flat(key)
            return Piece("[" + inner.text + "] = ", width: inner.width + 5)
        }
    }
}

// MARK: - Scalars

extension Printer {
    /// Lua's reserved words, which cannot be used as bare keys.
    static let reservedWords: Set<String> = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
        "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]

    /// The key as a bare Lua name, or nil when it needs brackets.
    static func identifier(_ bytes: [UInt8]) -> String? {
        guard let first = bytes.first, !(0x30...0x39).contains(first) else { return nil }
        for byte in bytes {
            let isLetter = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
            guard isLetter || (0x30...0x39).contains(byte) else { return nil }
        }
        let name = String(decoding: bytes, as: UTF8.self)
        return reservedWords.contains(name) ? nil : name
    }

    /// A float in the shortest form that reads back as the same value, always distinguishable
    /// from an integer.
    static func formatFloat(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        // Swift's description is the shortest round-tripping form and always has a "." or an
        // exponent ("1.0", "0.1", "1e+16", "5e-324").
        return value.description
    }

    /// The bytes as a double-quoted Lua string literal.
    static func quote(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = [0x22]
        out.reserveCapacity(bytes.count + 2)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x22: out += Array(#"\""#.utf8)
            case 0x5C: out += Array(#"\\"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0x00..<0x20, 0x7F: out += hexEscape(byte)
            case 0x20..<0x7F: out.append(byte)
            default:
                let length = utf8SequenceLength(bytes, at: index)
                if length == 0 {
                    out += hexEscape(byte)
                } else if length == 2 && byte == 0xC2 && bytes[index + 1] < 0xA0 {
                    // C1 control characters (U+0080–U+009F) are invisible: show their code point.
                    out += Array("\\u{\(String(bytes[index + 1], radix: 16, uppercase: true))}".utf8)
                } else {
                    out += bytes[index..<index + length]
                }
                index += max(length, 1)
                continue
            }
            index += 1
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexEscape(_ byte: UInt8) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        return [0x5C, 0x78, digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
    }

    /// The length of the well-formed UTF-8 sequence starting at `index`, or 0 when it is not one
    /// (stray continuation bytes, overlong forms, surrogates, code points above U+10FFFF, truncation).
    static func utf8SequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return 0
        }
        guard index + length <= bytes.count, secondRange.contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[index + offset]) {
            return 0
        }
        return length
    }
}
