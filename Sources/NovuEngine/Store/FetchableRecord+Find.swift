import GRDB

extension FetchableRecord where Self: TableRecord {
    /// The row whose primary key is `id`, through a statement compiled once per connection (GRDB's
    /// `fetchOne(_:key:)` compiles its query on every call, and compiling costs more than the lookup).
    /// - Throws: SQLite errors.
    static func find(_ db: Database, id: String) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: "SELECT * FROM \(databaseTableName) WHERE id = ?"), arguments: [id])
    }
}
