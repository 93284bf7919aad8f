import JSONCore
import LuaKit

extension Shell {
    /// Formats the values a REPL line returned, for stdout: lists of records as aligned tables,
    /// a record as a key/value block, page objects as their `data` plus a line with the cursor, and
    /// everything else through ``Printer``; with `--json`, every value as JSON.
    func display(_ values: [LuaSnapshot]) -> String {
        ResultDisplay(colors: console.colors, json: options.json).format(values)
    }
}

/// How results are shown: the REPL, `show(x)` and `--json` share it.
struct ResultDisplay: Sendable {
    /// How to show one value.
    enum Style: Sendable {
        /// Tables for records and pages, Lua syntax for the rest.
        case automatic
        /// Tables (or a key/value block) whenever the value has that shape, even without an id.
        case table
        /// JSON, pretty-printed.
        case json
    }

    var colors: Bool
    var json: Bool

    /// Formats the results of one line (one value per line when any of them is shown as a table).
    func format(_ values: [LuaSnapshot]) -> String {
        if json { return values.map { format($0, style: .json) }.joined(separator: "\n") }
        let texts = values.map { format($0, style: .automatic) }
        let special = zip(values, texts).contains { value, text in text != Printer(colors: colors).format(value) }
        return texts.joined(separator: special ? "\n" : "\t")
    }

    /// Formats one value in `style`.
    func format(_ value: LuaSnapshot, style: Style) -> String {
        switch style {
        case .json:
            let json = Self.json(from: value)
            return (try? json.serializedString(options: [.pretty, .sortedKeys])) ?? "null"
        case .automatic, .table:
            let loose = style == .table
            let table = RecordTable(colors: colors)
            if case .table(let snapshot) = value {
                if let text = table.formatPage(snapshot, loose: loose) { return text }
                if let rows = RecordTable.records(in: snapshot, loose: loose) { return table.format(rows) }
                if RecordTable.isRecord(snapshot, loose: loose) { return table.formatRecord(snapshot) }
            }
            return Printer(colors: colors).format(value)
        }
    }

    /// The JSON of a snapshot: arrays for 1…n tables, objects otherwise (integer keys as strings);
    /// functions and other non-data values as their description, NaN and infinities as null.
    static func json(from value: LuaSnapshot) -> JSON {
        switch value {
        case .nil, .null, .cycle, .elided: return .null
        case .boolean(let flag): return .bool(flag)
        case .integer(let number): return .int(number)
        case .number(let number): return number.isFinite ? .double(number) : .null
        case .string(let bytes): return .string(String(decoding: bytes, as: UTF8.self))
        case .opaque(_, let description): return .string(description)
        case .table(let table):
            if table.isArray { return .array(table.entries.map { json(from: $0.value) }) }
            var members: [String: JSON] = [:]
            for entry in table.entries {
                members[RecordTable.keyText(entry.key)] = json(from: entry.value)
            }
            return .object(members)
        }
    }
}
