import Foundation
import GRDB
import GRDBSQLite

/// Running prepared statements through SQLite's own functions, for the hot inserts of the trigger
/// pipeline: building `StatementArguments` and GRDB's per-execution checks cost three times the insert.
///
/// Only for statements that change rows of tables nobody observes through GRDB (the engine has no
/// transaction observers), run inside a write transaction the caller holds. SQLite keeps a bound
/// value until it is bound again, so rows that share values bind them once (``RowTemplateInsert``).
extension Statement {
    /// Binds `values` to the statement's parameters in order and runs it once.
    /// - Throws: `DatabaseError` with SQLite's code and message (a duplicate id, a constraint).
    func executeBinding(_ values: some Sequence<DatabaseValue>) throws {
        try bind(values)
        try executeBound()
    }

    /// Binds `values` to the statement's parameters in order.
    /// - Throws: `DatabaseError` when SQLite refuses a value.
    func bind(_ values: some Sequence<DatabaseValue>) throws {
        var index: Int32 = 1
        for value in values {
            try bind(value, at: index)
            index += 1
        }
    }

    /// Binds one value to parameter `index` (1-based); it stays bound for later runs.
    /// - Throws: `DatabaseError` when SQLite refuses the value.
    func bind(_ value: DatabaseValue, at index: Int32) throws {
        let handle = sqliteStatement
        let code: Int32
        switch value.storage {
        case .null: code = sqlite3_bind_null(handle, index)
        case .int64(let number): code = sqlite3_bind_int64(handle, index, number)
        case .double(let number): code = sqlite3_bind_double(handle, index, number)
        case .string(var text):
            code = text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) {
                    sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), transientBinding)
                }
            }
        case .blob(let data):
            code = data.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transientBinding) }
        }
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// Runs the statement once with the values bound now.
    /// - Throws: `DatabaseError` with SQLite's code and message.
    func executeBound() throws {
        let handle = sqliteStatement
        let result = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard result == SQLITE_DONE else { throw failure(result) }
    }

    /// SQLite's error `code` for this statement, with the connection's message.
    func failure(_ code: Int32) -> DatabaseError {
        let message = sqlite3_db_handle(sqliteStatement).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}

/// SQLite copies bound text and blobs before the call returns (`SQLITE_TRANSIENT`).
private let transientBinding = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
