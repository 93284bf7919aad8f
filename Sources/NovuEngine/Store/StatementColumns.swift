import Foundation
import GRDB
import GRDBSQLite

/// Where a record reads its columns: GRDB's `Row` (``RowColumns``), or the current row of a statement
/// the engine steps itself (``StatementColumns``). Records decode from either with one initializer.
protocol ColumnSource {
    /// The value of column `name` (a programming error when the row has no such column, or holds a
    /// value that is not a `Value`, as with GRDB's `Row`).
    subscript<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ name: String) -> Value { get }
}

/// A GRDB `Row` as a ``ColumnSource``.
struct RowColumns: ColumnSource {
    let row: Row

    subscript<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ name: String) -> Value { row[name] }
}

/// The current row of a statement stepped with SQLite's own functions, read by column name.
///
/// GRDB's `Row` makes a table of lower-cased column names for every statement it runs, then lower-cases
/// each name a record asks for and looks it up twice: about a third of reading a job, its notification
/// and its subscriber in the worker. Records read their columns in the table's order, so the column
/// after the last one read is checked first, by comparing bytes; only a miss scans the names.
final class StatementColumns: ColumnSource {
    private let handle: OpaquePointer
    private let count: CInt
    private var next: CInt = 0
    /// The name found at each position in an earlier row. A record asks for the same names in the same
    /// order on every row, so from the second row on a name is recognized by its identity.
    private var known: [String?]

    init(_ handle: OpaquePointer) {
        self.handle = handle
        count = sqlite3_column_count(handle)
        known = Array(repeating: nil, count: Int(count))
    }

    /// Starts reading a new row: the first column is expected first.
    func startRow() { next = 0 }

    subscript<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ name: String) -> Value {
        guard let index = index(of: name) else { preconditionFailure("the row has no column \(name)") }
        next = index + 1
        // Text, the most common value, is read with the length SQLite knows (GRDB measures it with strlen).
        if Value.self == String.self || Value.self == String?.self, let text = self.text(at: index) {
            return Value.self == String.self ? text as! Value : String?.some(text) as! Value
        }
        guard let value = Value.fromStatement(handle, atUncheckedIndex: index) else {
            preconditionFailure("column \(name) does not hold a \(Value.self)")
        }
        return value
    }

    /// Column `index` as text (invalid UTF-8 repaired, as GRDB does), or `nil` for NULL (GRDB's decoding
    /// then decides).
    private func text(at index: CInt) -> String? {
        guard let bytes = sqlite3_column_text(handle, index) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self)
    }

    private func index(of name: String) -> CInt? {
        if next < count, let seen = known[Int(next)], Self.identical(seen, name) { return next }
        if next < count, hasName(next, name) {
            known[Int(next)] = name
            return next
        }
        if let index = (0..<count).first(where: { hasName($0, name) }) { return index }
        // SQLite's column names are case-insensitive, as GRDB's lookups are.
        let lowercased = name.lowercased()
        return (0..<count).first { index in
            sqlite3_column_name(handle, index).map { String(cString: $0).lowercased() == lowercased } ?? false
        }
    }

    /// Whether two strings are the same value: the same inline characters, or the same storage (which
    /// `known` keeps alive, so its address cannot have been reused). Different representations of equal
    /// text answer `false`, and the caller then compares the bytes.
    private static func identical(_ lhs: String, _ rhs: String) -> Bool {
        unsafeBitCast(lhs, to: (UInt64, UInt64).self) == unsafeBitCast(rhs, to: (UInt64, UInt64).self)
    }

    /// Whether column `index` is called exactly `name`.
    private func hasName(_ index: CInt, _ name: String) -> Bool {
        guard let columnName = sqlite3_column_name(handle, index) else { return false }
        let same = name.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            // strncmp stops at the column name's end, so a shorter name is never read past.
            guard let start = bytes.baseAddress else { return columnName[0] == 0 }
            return start.withMemoryRebound(to: CChar.self, capacity: bytes.count) { strncmp(columnName, $0, bytes.count) } == 0
                && columnName[bytes.count] == 0
        }
        return same ?? (String(cString: columnName) == name)
    }
}

extension Statement {
    /// Binds `arguments`, runs the statement and decodes each row with `decode`, which reads the row
    /// through ``StatementColumns`` instead of GRDB's `Row`.
    /// - Throws: `DatabaseError` with SQLite's code and message; what `decode` throws.
    func decodeRows<T>(_ arguments: [DatabaseValue], _ decode: (StatementColumns) throws -> T) throws -> [T] {
        var rows: [T] = []
        try stepRows(arguments) { columns in
            rows.append(try decode(columns))
            return true
        }
        return rows
    }

    /// The first row the statement returns with `arguments`, decoded by `decode`, or `nil` when there
    /// is none.
    /// - Throws: `DatabaseError` with SQLite's code and message; what `decode` throws.
    func decodeFirstRow<T>(_ arguments: [DatabaseValue], _ decode: (StatementColumns) throws -> T) throws -> T? {
        var first: T?
        try stepRows(arguments) { columns in
            first = try decode(columns)
            return false
        }
        return first
    }

    /// Steps through the rows until `body` returns `false`; the statement is reset before and after.
    private func stepRows(_ arguments: [DatabaseValue], _ body: (StatementColumns) throws -> Bool) throws {
        let handle = sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        try bind(arguments)
        let columns = StatementColumns(handle)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw failure(code) }
            columns.startRow()
            guard try body(columns) else { return }
        }
    }
}
