import GRDB

/// A record that lists its columns once, as name–value pairs, for the tables the trigger pipeline
/// writes most (notifications, jobs, execution details, messages).
///
/// GRDB's `insert` builds a container and the SQL text for every row; ``insertRow(_:)`` binds the
/// values to a statement prepared once per connection, which is several times cheaper, and
/// ``RowTemplateInsert`` binds the values that many rows share only once. `encode(to:)`
/// comes from the same list, so updates and the list cannot disagree.
protocol ColumnListRecord: PersistableRecord {
    /// Every column of the table with this record's value, in one order.
    var databaseColumns: [(String, (any DatabaseValueConvertible)?)] { get }
    /// The values of ``databaseColumns``, in its order.
    var databaseValues: [DatabaseValue] { get }
}

extension ColumnListRecord {
    func encode(to container: inout PersistenceContainer) throws {
        for (name, value) in databaseColumns { container[name] = value }
    }

    var databaseValues: [DatabaseValue] { databaseColumns.map { $0.1?.databaseValue ?? .null } }

    /// Inserts the record through a prepared statement.
    /// - Throws: SQLite errors (a duplicate id, a constraint).
    func insertRow(_ db: Database) throws {
        try insertStatement(db).executeBinding(databaseValues)
    }

    /// The table's insert statement, prepared once per connection (parameters in column order).
    /// - Throws: SQLite errors.
    func insertStatement(_ db: Database) throws -> Statement {
        try db.cachedStatement(sql: insertSQL())
    }

    /// `INSERT INTO table (a, b, …) VALUES (?, ?, …)`, built once per record type.
    func insertSQL() -> String {
        let type = ObjectIdentifier(Self.self)
        if let known = insertStatements.withLock({ $0[type] }) { return known }
        let columns = databaseColumns
        let names = columns.map(\.0).joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let sql = "INSERT INTO \(Self.databaseTableName) (\(names)) VALUES (\(marks))"
        insertStatements.withLock { $0[type] = sql }
        return sql
    }
}

/// The insert statement of each ``ColumnListRecord`` type.
private let insertStatements = LockedValue<[ObjectIdentifier: String]>([:])
