import CSV
import Foundation
import JSONCore
import LuaKit

/// Installs `csv.read(path)` and `csv.write(path, rows[, columns])`, parsing and writing through
/// the CSV.swift library (RFC 4180: quoted fields with commas, `""` quotes and newlines).
enum CSVLibrary {
    static func install(in state: LuaState) {
        let stack = state.main
        stack.newTable()
        state.pushFunction(name: "csv.read", { stack in
            guard let path = stack.toString(at: 1) else {
                throw LuaError.badArgument(1, function: "csv.read", "path expected, got \(NovuArguments.typeName(stack, 1))")
            }
            let rows = try read(path: path)
            try stack.push(JSON.array(rows.map { .object($0.mapValues(JSON.string)) }))
            return 1
        }, on: stack)
        stack.setField("read", in: -2)
        state.pushFunction(name: "csv.write", { stack in
            guard let path = stack.toString(at: 1) else {
                throw LuaError.badArgument(1, function: "csv.write", "path expected, got \(NovuArguments.typeName(stack, 1))")
            }
            let value: JSON? = stack.type(at: 2) == .table ? try stack.json(at: 2) : nil
            guard let rows = value?.arrayValue ?? (value?.objectValue?.isEmpty == true ? [] : nil) else {
                throw LuaError.badArgument(2, function: "csv.write", "list of rows expected, got \(NovuArguments.typeName(stack, 2))")
            }
            var columns: [String]?
            if stack.type(at: 3) == .table {
                guard case .array(let names) = try stack.json(at: 3), names.allSatisfy({ $0.stringValue != nil }) else {
                    throw LuaError.badArgument(3, function: "csv.write", "list of column names expected")
                }
                columns = names.compactMap(\.stringValue)
            } else if stack.type(at: 3) != .nil && stack.type(at: 3) != .none {
                throw LuaError.badArgument(3, function: "csv.write", "list of column names expected, got \(stack.type(at: 3))")
            }
            let count = try write(path: path, rows: rows, columns: columns)
            stack.push(Int64(count))
            return 1
        }, on: stack)
        stack.setField("write", in: -2)
        stack.setGlobal("csv")
    }

    // MARK: - Reading

    /// Reads `path`: one dictionary per data row, keyed by the header row; blank lines are skipped.
    /// - Throws: ``LuaError`` when the file cannot be read, a quoted field is not closed or a quote
    ///   stands inside a field, or a row has more or fewer fields than the header; the message
    ///   names the file and line (`users.csv:7: …`).
    static func read(path: String) throws(LuaError) -> [[String: String]] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LuaError(.runtime, "csv.read: cannot open \(path)")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let starts = try recordStartLines(text, path: path)
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false)
        } catch {
            throw LuaError(.runtime, "csv.read: \(path): \(error)")
        }
        var header: [String]?
        var rows: [[String: String]] = []
        var record = 0
        while let row = reader.next() {
            defer { record += 1 }
            let line = record < starts.count ? starts[record] : starts.last ?? 1
            if row == [""] { continue }
            guard let names = header else {
                header = row
                continue
            }
            guard row.count == names.count else {
                throw LuaError(
                    .runtime,
                    "csv.read: \(path):\(line): row has \(row.count) field\(row.count == 1 ? "" : "s"), the header has \(names.count)")
            }
            rows.append(Dictionary(zip(names, row).map { ($0, $1) }, uniquingKeysWith: { first, _ in first }))
        }
        return rows
    }

    /// The line each record starts on, checking the quoting as CSV.swift reads it: a quoted field
    /// must end before the file does and be followed by a comma or the end of the line.
    static func recordStartLines(_ text: String, path: String) throws(LuaError) -> [Int] {
        var starts: [Int] = []
        var line = 1
        var atRecordStart = true
        var atFieldStart = true
        var inQuotes = false
        var quoteLine = 0
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if atRecordStart {
                starts.append(line)
                atRecordStart = false
            }
            if inQuotes {
                if scalar == "\"" {
                    if scalars.first == "\"" {
                        scalars.removeFirst()
                    } else {
                        inQuotes = false
                        let next = scalars.first
                        if next != nil && next != "," && next != "\n" && next != "\r" {
                            throw LuaError(.runtime, "csv.read: \(path):\(line): a quoted field must be followed by a comma or the end of the line")
                        }
                    }
                } else if scalar == "\n" {
                    line += 1
                }
                continue
            }
            switch scalar {
            case "\"" where atFieldStart:
                inQuotes = true
                quoteLine = line
                atFieldStart = false
            case "\"":
                throw LuaError(.runtime, "csv.read: \(path):\(line): a quote inside an unquoted field (quote the whole field and double the quote)")
            case ",":
                atFieldStart = true
            case "\r":
                if scalars.first == "\n" { scalars.removeFirst() }
                line += 1
                atRecordStart = true
                atFieldStart = true
            case "\n":
                line += 1
                atRecordStart = true
                atFieldStart = true
            default:
                atFieldStart = false
            }
        }
        if inQuotes {
            throw LuaError(.runtime, "csv.read: \(path):\(quoteLine): a quoted field is not closed before the end of the file")
        }
        return starts
    }

    // MARK: - Writing

    /// Writes a header row and the rows; returns how many rows were written.
    ///
    /// The rows go to a temporary file next to `path` that replaces it only when every row was
    /// written: a bad row or a full disk leaves the old file as it was.
    static func write(path: String, rows: [JSON], columns: [String]?) throws(LuaError) -> Int {
        let names = columns ?? Array(Set(rows.flatMap { $0.objectValue?.keys.map { $0 } ?? [] })).sorted()
        let temporary = "\(path).novush-\(getpid()).tmp"
        guard let stream = OutputStream(toFileAtPath: temporary, append: false) else {
            throw LuaError(.runtime, "csv.write: cannot open \(path)")
        }
        do {
            let writer = try CSVWriter(stream: stream)
            defer { writer.stream.close() }
            try writer.write(row: names)
            for (offset, row) in rows.enumerated() {
                guard let members = row.objectValue ?? (row.arrayValue?.isEmpty == true ? [:] : nil) else {
                    throw LuaError.badArgument(2, function: "csv.write", "row \(offset + 1) is not a table of fields")
                }
                try writer.write(row: names.map { cell(members[$0]) })
            }
            guard writer.stream.write("\n", maxLength: 1) == 1 else {
                throw LuaError(.runtime, "csv.write: \(path): the file could not be written")
            }
        } catch let error as LuaError {
            unlink(temporary)
            throw error
        } catch {
            unlink(temporary)
            throw LuaError(.runtime, "csv.write: \(path): \(error)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw LuaError(.runtime, "csv.write: \(path): \(reason)")
        }
        return rows.count
    }

    /// The text of one cell: strings as they are, numbers and booleans as Lua writes them, null
    /// and missing values empty, tables as JSON.
    static func cell(_ value: JSON?) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .bytes(let bytes)?: return String(decoding: bytes, as: UTF8.self)
        case .int(let number)?: return String(number)
        case .double(let number)?: return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag)?: return flag ? "true" : "false"
        case let value?: return (try? value.serializedString(options: .sortedKeys)) ?? ""
        }
    }
}
