import GRDB

/// Inserts many rows of one table that share most of their values: a fan-out writes ten thousand
/// notifications that differ only in id, subscriber and recipient.
///
/// The template record's values are bound once; each ``insert(_:)`` binds only the varying columns,
/// so a row costs SQLite's insert and little else. Use one template insert at a time per table: they
/// share the table's prepared statement and its bound values.
struct RowTemplateInsert<Record: ColumnListRecord> {
    private let statement: Statement
    private let positions: [Int32]

    /// Prepares the insert and binds `template`'s values.
    /// - Parameter varying: the columns each ``insert(_:)`` gives, in that order.
    /// - Throws: SQLite errors; a programming error when a varying column is not one of the record's.
    init(_ db: Database, template: Record, varying: [String]) throws {
        let columns = template.databaseColumns
        statement = try template.insertStatement(db)
        for (offset, column) in columns.enumerated() {
            try statement.bind(column.1?.databaseValue ?? .null, at: Int32(offset + 1))
        }
        positions = varying.map { name in
            guard let offset = columns.firstIndex(where: { $0.0 == name }) else {
                preconditionFailure("\(Record.databaseTableName) has no column \(name)")
            }
            return Int32(offset + 1)
        }
    }

    /// Inserts one row: the template's values with `values` for the varying columns.
    /// - Throws: SQLite errors (a duplicate id, a constraint).
    func insert(_ values: [DatabaseValue]) throws {
        for (position, value) in zip(positions, values) { try statement.bind(value, at: position) }
        try statement.executeBound()
    }
}
