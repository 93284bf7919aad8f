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

    init(_ handle: OpaquePointer) {
        self.handle = handle
        count = sqlite3_column_count(handle)
    }

    /// Starts reading a new row: the first column is expected first.
    func startRow() { next = 0 }

    subscript<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ name: String) -> Value {
        guard let index = index(of: name) else { preconditionFailure("the row has no column \(name)") }
        guard let value = Value.fromStatement(handle, atUncheckedIndex: index) else {
            preconditionFailure("column \(name) does not hold a \(Value.self)")
        }
        next = index + 1
        return value
    }

    private func index(of name: String) -> CInt? {
        if next < count, hasName(next, name) { return next }
        if let index = (0..<count).first(where: { hasName($0, name) }) { return index }
        // SQLite's column names are case-insensitive, as GRDB's lookups are.
        let lowercased = name.lowercased()
        return (0..<count).first { index in
            sqlite3_column_name(handle, index).map { String(cString: $0).lowercased() == lowercased } ?? false
        }
    }

    /// Whether column `index` is called exactly `name`.
    private func hasName(_ index: CInt, _ name: String) -> Bool {
        guard let columnName = sqlite3_column_name(handle, index) else { return false }
        let same = name.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for (offset, byte) in bytes.enumerated() where UInt8(bitPattern: columnName[offset]) != byte { return false }
            return columnName[bytes.count] == 0
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
        for (offset, value) in arguments.enumerated() { try bind(value, at: Int32(offset + 1)) }
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
