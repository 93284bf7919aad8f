import GRDB

@testable import NovuEngine

/// The engine's schema in memory, for tests of the store's pieces (statements, records) on their own.
enum SchemaFixture {
    /// A migrated in-memory database without foreign keys: the rows a test writes need not belong to
    /// stored notifications or subscribers.
    /// - Throws: SQLite errors.
    static func database() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(configuration: configuration)
        try Migrations.migrator.migrate(queue)
        return queue
    }
}
