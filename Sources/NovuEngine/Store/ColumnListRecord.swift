import GRDB

/// A record that lists its columns once, as name–value pairs, for the tables the trigger pipeline
/// writes most (notifications, jobs, execution details, messages).
///
/// GRDB's `insert` builds a container and the SQL text for every row; ``insertRow(_:)`` binds the
/// values to a statement prepared once per connection, which is several times cheaper. `encode(to:)`
/// comes from the same list, so updates and the list cannot disagree.
protocol ColumnListRecord: PersistableRecord {
    /// Every column of the table with this record's value, in one order.
    var databaseColumns: [(String, (any DatabaseValueConvertible)?)] { get }
}

extension ColumnListRecord {
    func encode(to container: inout PersistenceContainer) throws {
        for (name, value) in databaseColumns { container[name] = value }
    }

    /// Inserts the record through a prepared statement.
    /// - Throws: SQLite errors (a duplicate id, a constraint).
    func insertRow(_ db: Database) throws {
        let columns = databaseColumns
        var names = ""
        var marks = ""
        for (index, (name, _)) in columns.enumerated() {
            if index > 0 {
                names += ", "
                marks += ", "
            }
            names += name
            marks += "?"
        }
        let statement = try db.cachedStatement(sql: "INSERT INTO \(Self.databaseTableName) (\(names)) VALUES (\(marks))")
        try statement.execute(arguments: StatementArguments(columns.map(\.1)))
    }
}
