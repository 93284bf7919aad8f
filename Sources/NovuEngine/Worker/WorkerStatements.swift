import GRDB

/// The writes a worker batch makes for every job (the job's progress, its execution detail, the next
/// job's schedule, the message), each through a ``RepeatingStatement``: the jobs of one fan-out write
/// rows that differ in a few columns. Valid for one batch's transaction.
final class WorkerStatements {
    private let db: Database
    private var inserts: [ObjectIdentifier: RepeatingStatement] = [:]
    private var progress: RepeatingStatement?
    private var next: RepeatingStatement?

    init(_ db: Database) {
        self.db = db
    }

    /// Inserts `record`.
    /// - Throws: SQLite errors (a duplicate id, a constraint).
    func insert<Record: ColumnListRecord>(_ record: Record) throws {
        let key = ObjectIdentifier(Record.self)
        let statement = try inserts[key] ?? RepeatingStatement(db, sql: record.insertSQL())
        inserts[key] = statement
        try statement.run(record.databaseValues)
    }

    /// Writes the columns that running `job` changes (``JobRecord/progressSQL``).
    /// - Throws: SQLite errors.
    func saveProgress(_ job: JobRecord) throws {
        let statement = try progress ?? RepeatingStatement(db, sql: JobRecord.progressSQL)
        progress = statement
        try statement.run(job.progressValues)
    }

    /// Makes the pending job after `job` in its chain due at `runAt`.
    /// - Throws: SQLite errors.
    func scheduleNext(after job: JobRecord, runAt: Double, updatedAt: String) throws {
        let statement = try next ?? RepeatingStatement(db, sql: "UPDATE jobs SET runAt = ?, updatedAt = ? WHERE parentId = ? AND status = 'pending'")
        next = statement
        try statement.run([runAt.databaseValue, updatedAt.databaseValue, job.id.databaseValue])
    }
}
