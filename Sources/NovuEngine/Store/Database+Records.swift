import GRDB

extension FetchableRecord where Self: TableRecord {
    /// The row whose primary key is `id`, through a statement compiled once per connection (GRDB's
    /// `fetchOne(_:key:)` compiles its query on every call, and compiling costs more than the lookup).
    /// - Throws: SQLite errors.
    static func find(_ db: Database, id: String) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: "SELECT * FROM \(databaseTableName) WHERE id = ?"), arguments: [id])
    }
}

extension MutablePersistableRecord where Self: FetchableRecord & TableRecord {
    /// Writes only the columns whose values differ from the row stored under `id`.
    ///
    /// A full `update` sets every column, and SQLite then rewrites this row's entry in every index of the
    /// table even where the value is the same; jobs and messages have up to seven indexes.
    /// - Throws: `RecordError.recordNotFound` when no row has that id; SQLite errors.
    mutating func updateChanges(_ db: Database, storedId id: String) throws {
        guard let stored = try Self.find(db, id: id) else {
            throw RecordError.recordNotFound(databaseTableName: Self.databaseTableName, key: ["id": id.databaseValue])
        }
        try updateChanges(db, from: stored)
    }
}
