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

extension ColumnListRecord {
    /// Writes the columns whose values differ from `stored`'s (the same row as read before the
    /// change) with a statement prepared once per set of changed columns, as GRDB's
    /// `updateChanges(_:from:)` does but without encoding both records into containers and building
    /// the SQL again for every row (a subscriber's patch spent a fifth of its instructions there).
    /// - Returns: Whether any column changed (nothing is written otherwise).
    /// - Throws: `RecordError.recordNotFound` when no row has the record's `id`; SQLite errors.
    @discardableResult
    func updateChanges(_ db: Database, from stored: Self) throws -> Bool {
        let values = databaseValues
        let old = stored.databaseValues
        var changed: UInt64 = 0
        var bound: [DatabaseValue] = []
        for index in values.indices where values[index] != old[index] {
            changed |= 1 << UInt64(index)
            bound.append(values[index])
        }
        guard changed != 0 else { return false }
        let names = ColumnListSQL.names(of: self)
        guard let idIndex = names.firstIndex(of: "id") else { preconditionFailure("\(Self.self) has no id column") }
        bound.append(values[idIndex])
        try db.cachedStatement(sql: ColumnListSQL.update(of: self, changed: changed, names: names)).executeBinding(bound)
        guard db.changesCount > 0 else {
            throw RecordError.recordNotFound(databaseTableName: Self.databaseTableName, key: ["id": values[idIndex]])
        }
        return true
    }
}

/// The column names and update statements of each ``ColumnListRecord`` type, made once.
private enum ColumnListSQL {
    private struct UpdateKey: Hashable {
        let type: ObjectIdentifier
        let changed: UInt64
    }

    private static let columnNames = LockedValue<[ObjectIdentifier: [String]]>([:])
    private static let updates = LockedValue<[UpdateKey: String]>([:])

    static func names<Record: ColumnListRecord>(of record: Record) -> [String] {
        let type = ObjectIdentifier(Record.self)
        if let known = columnNames.withLock({ $0[type] }) { return known }
        let names = record.databaseColumns.map(\.0)
        precondition(names.count <= 64, "\(Record.self) has more columns than an update mask holds")
        columnNames.withLock { $0[type] = names }
        return names
    }

    /// `UPDATE table SET a = ?, b = ? WHERE id = ?` for the columns whose bits are set in `changed`.
    static func update<Record: ColumnListRecord>(of record: Record, changed: UInt64, names: [String]) -> String {
        let key = UpdateKey(type: ObjectIdentifier(Record.self), changed: changed)
        if let known = updates.withLock({ $0[key] }) { return known }
        let assignments = names.indices.filter { changed & (1 << UInt64($0)) != 0 }.map { "\(names[$0]) = ?" }
        let sql = "UPDATE \(Record.databaseTableName) SET \(assignments.joined(separator: ", ")) WHERE id = ?"
        updates.withLock { $0[key] = sql }
        return sql
    }
}
