import Foundation
import LuaKit

/// Lays out records (tables with string keys and an id field) for reading: a list as an aligned
/// table with the most useful columns first, one record as a key/value block.
struct RecordTable: Sendable {
    var colors: Bool
    /// The widest a cell may be before it is cut with `…`.
    var cellWidth = 40
    /// The widest a table may be: columns past it are left out (at least two are kept).
    var tableWidth = 160

    /// Fields that identify a record; a table with one of them is shown as a record.
    static let identifyingKeys: Set<String> = [
        "_id", "id", "subscriberId", "key", "workflowId", "identifier", "transactionId", "providerId",
    ]

    /// The columns shown first for each kind of record, tried in order: the first whose marker keys
    /// are all present wins.
    static let preferredColumns: [(markers: [String], columns: [String])] = [
        (["channel", "_subscriberId"], ["_id", "channel", "seen", "read", "createdAt", "content"]),
        (["isRead", "isSeen"], ["id", "channelType", "isSeen", "isRead", "createdAt", "subject", "body"]),
        (["subscriberId"], ["subscriberId", "email", "firstName", "lastName", "updatedAt"]),
        (["workflowId"], ["workflowId", "name", "status", "active", "tags", "updatedAt"]),
        (["triggers"], ["_id", "name", "active", "tags", "updatedAt"]),
        (["transactionId"], ["_id", "transactionId", "channels", "createdAt", "to"]),
        (["key", "name"], ["key", "name", "_id", "createdAt", "updatedAt"]),
        (["providerId"], ["_id", "providerId", "channel", "identifier", "active"]),
    ]

    // MARK: - Shapes

    /// A record: string keys only, and an identifying key (or, when `loose`, any string keys).
    static func isRecord(_ table: LuaTableSnapshot, loose: Bool = false) -> Bool {
        guard !table.isArray, !table.entries.isEmpty, table.tostring == nil else { return false }
        guard table.entries.allSatisfy({ if case .string = $0.key { true } else { false } }) else { return false }
        return loose || table.entries.contains { identifyingKeys.contains(keyText($0.key)) }
    }

    /// The rows of a non-empty list of records, or nil when the table is not one.
    static func records(in table: LuaTableSnapshot, loose: Bool = false) -> [LuaTableSnapshot]? {
        guard table.isArray, !table.entries.isEmpty, table.tostring == nil else { return nil }
        var rows: [LuaTableSnapshot] = []
        for entry in table.entries {
            guard case .table(let row) = entry.value, isRecord(row, loose: loose) else { return nil }
            rows.append(row)
        }
        return rows
    }

    /// The columns for `rows`: the preferred columns of their kind that any row has, or the
    /// identifying keys then the other keys with scalar values, sorted.
    static func columns(for rows: [LuaTableSnapshot]) -> [String] {
        var present: [String: Int] = [:]
        var scalar: Set<String> = []
        for row in rows {
            for entry in row.entries {
                let key = keyText(entry.key)
                present[key, default: 0] += 1
                if case .table = entry.value {} else { scalar.insert(key) }
            }
        }
        let keys = Set(present.keys)
        for kind in preferredColumns where kind.markers.allSatisfy(keys.contains) {
            return kind.columns.filter(keys.contains)
        }
        let identifying = ["_id", "id", "subscriberId", "key", "workflowId", "identifier", "transactionId"]
            .filter(keys.contains)
        let rest = scalar.subtracting(identifying).sorted()
        return Array((identifying + rest).prefix(8))
    }

    // MARK: - Formatting

    /// An aligned table of `rows` with a header and a count line.
    func format(_ rows: [LuaTableSnapshot]) -> String {
        var columns = Self.columns(for: rows)
        let cells = rows.map { row in
            let values = Dictionary(row.entries.map { (Self.keyText($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
            return columns.map { column in values[column].map(cellText) ?? "" }
        }
        var widths = columns.indices.map { index in
            cells.reduce(Printer.displayWidth(columns[index])) { max($0, Printer.displayWidth($1[index])) }
        }
        while columns.count > 2, widths.reduce(0, +) + 2 * (widths.count - 1) > tableWidth {
            columns.removeLast()
            widths.removeLast()
        }
        var lines: [String] = []
        lines.append(line(columns, widths: widths, header: true))
        for row in cells { lines.append(line(Array(row.prefix(columns.count)), widths: widths, header: false)) }
        lines.append(dim("(\(rows.count) \(rows.count == 1 ? "row" : "rows"))"))
        return lines.joined(separator: "\n")
    }

    /// A record as `key  value` lines: the preferred fields of its kind first, then the rest sorted.
    func formatRecord(_ record: LuaTableSnapshot) -> String {
        let values = Dictionary(record.entries.map { (Self.keyText($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        let first = Self.columns(for: [record]).filter { values[$0] != nil }
        let keys = first + values.keys.filter { !first.contains($0) }.sorted()
        let width = keys.map(Printer.displayWidth).max() ?? 0
        let printer = Printer(colors: colors, width: 100)
        return keys.map { key in
            let value = values[key]!
            var text: String
            if case .string(let bytes) = value {
                text = String(decoding: bytes, as: UTF8.self)
            } else {
                text = printer.format(value)
            }
            text = text.split(separator: "\n", omittingEmptySubsequences: false)
                .joined(separator: "\n" + String(repeating: " ", count: width + 2))
            return bold(pad(key, width)) + "  " + text
        }.joined(separator: "\n")
    }

    /// A page object (`{data = {…}, hasMore = …}`, `{data, next, previous}`, `{workflows, totalCount}`):
    /// its items as a table, then one line with the paging fields. Nil when `page` is not one.
    func formatPage(_ page: LuaTableSnapshot, loose: Bool) -> String? {
        guard !page.isArray else { return nil }
        let values = Dictionary(page.entries.map { (Self.keyText($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        let pagingKeys = ["page", "pageSize", "totalCount", "hasMore", "next", "previous"]
        guard pagingKeys.contains(where: { values[$0] != nil }) else { return nil }
        guard let itemsKey = ["data", "workflows"].first(where: { values[$0] != nil }),
            case .table(let items) = values[itemsKey]!, items.isArray
        else { return nil }
        var text: String
        if let rows = Self.records(in: items, loose: loose) {
            text = format(rows)
        } else if items.entries.isEmpty {
            text = dim("(no items)")
        } else {
            text = Printer(colors: colors).format(.table(items))
        }
        let printer = Printer(colors: false)
        let paging = pagingKeys.compactMap { key in values[key].map { "\(key) = \(printer.format($0))" } }
        text += "\n" + dim(paging.joined(separator: "  "))
        return text
    }

    // MARK: - Helpers

    /// The text of one cell: strings as they are (newlines shown as `↵`), tables on one line, cut at
    /// ``cellWidth``.
    func cellText(_ value: LuaSnapshot) -> String {
        var text: String
        switch value {
        case .string(let bytes): text = String(decoding: bytes, as: UTF8.self)
        default: text = Printer(colors: false, width: 10_000).format(value)
        }
        text = text.replacingOccurrences(of: "\r\n", with: "↵").replacingOccurrences(of: "\n", with: "↵")
            .replacingOccurrences(of: "\t", with: " ")
        if text.count > cellWidth { text = String(text.prefix(cellWidth - 1)) + "…" }
        return text
    }

    private func line(_ cells: [String], widths: [Int], header: Bool) -> String {
        var parts: [String] = []
        for (index, cell) in cells.enumerated() {
            let last = index == cells.count - 1
            let padded = last ? cell : pad(cell, widths[index])
            parts.append(header ? bold(padded) : padded)
        }
        return parts.joined(separator: "  ")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - Printer.displayWidth(text)))
    }

    private func bold(_ text: String) -> String { colors ? "\u{1B}[1m" + text + "\u{1B}[0m" : text }
    private func dim(_ text: String) -> String { colors ? "\u{1B}[2m" + text + "\u{1B}[0m" : text }

    /// A key as text (`name`, `1`).
    static func keyText(_ key: LuaSnapshot) -> String {
        switch key {
        case .string(let bytes): String(decoding: bytes, as: UTF8.self)
        case .integer(let number): String(number)
        case .number(let number): String(number)
        case .boolean(let flag): String(flag)
        default: "?"
        }
    }
}
