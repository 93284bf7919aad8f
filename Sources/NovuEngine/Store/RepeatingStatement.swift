import GRDB
import GRDBSQLite

/// A statement run many times in one transaction with values that mostly repeat, such as the messages a
/// worker batch delivers for one fan-out: each run binds only the values that differ from the previous
/// run's, and SQLite copies only those.
///
/// The statement is prepared for this use alone (its SQL is marked, so GRDB's cache gives no one else the
/// same statement and its bindings stay what this object last bound); the first run binds every value.
final class RepeatingStatement {
    private let statement: Statement
    /// What each parameter holds now; `nil` until this object binds it.
    private var bound: [DatabaseValue?]

    /// Prepares `sql` (once per connection) for repeated runs.
    /// - Throws: SQLite errors.
    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: "/* repeating */ " + sql)
        bound = Array(repeating: nil, count: Int(sqlite3_bind_parameter_count(statement.sqliteStatement)))
    }

    /// Runs the statement once with `values` for its parameters, in order.
    /// - Throws: `DatabaseError` with SQLite's code and message (a constraint, a duplicate id).
    func run(_ values: [DatabaseValue]) throws {
        precondition(values.count == bound.count, "\(values.count) values for \(bound.count) parameters")
        for offset in values.indices where !Self.same(bound[offset], values[offset]) {
            // A value is recorded only once bound: a failed bind leaves its slot unknown.
            bound[offset] = nil
            try statement.bind(values[offset], at: Int32(offset + 1))
            bound[offset] = values[offset]
        }
        try statement.executeBound()
    }

    /// Whether `known` is `value`; strings that share their storage (a value repeated from one record to
    /// the next) compare without reading their bytes.
    private static func same(_ known: DatabaseValue?, _ value: DatabaseValue) -> Bool {
        guard let known else { return false }
        switch (known.storage, value.storage) {
        case (.string(let old), .string(let new)): return old == new
        case (.int64(let old), .int64(let new)): return old == new
        case (.null, .null): return true
        default: return known == value
        }
    }
}
