import GRDB
import JSONCore

/// The v2 cursor pagination (`after`, `before`, `limit`, `orderDirection`, `orderBy`, `includeCursor`) over
/// any table with an `id` column; cursors are item ids (§2.2).
struct CursorPage {
    var after: String?
    var before: String?
    var limit: Int
    var descending: Bool
    /// The SQL column to sort by (`id`, `updatedAt`, `createdAt`); ties are broken by `id`.
    var column: String
    var includeCursor: Bool

    /// Reads the cursor parameters; `orderBy` accepts `_id`, `updatedAt` and `createdAt`.
    static func read(_ query: inout QueryReader, defaultLimit: Int = 10, maxLimit: Int = 100) -> CursorPage {
        let limit = query.int("limit", default: defaultLimit, min: 1, max: maxLimit) ?? defaultLimit
        let direction = query.enumValue("orderDirection", allowed: ["ASC", "DESC"]) ?? "DESC"
        let orderBy = query.enumValue("orderBy", allowed: ["_id", "updatedAt", "createdAt"]) ?? "_id"
        let includeCursor = query.bool("includeCursor") ?? false
        let after = query.string("after").flatMap { $0.isEmpty ? nil : $0 }
        let before = query.string("before").flatMap { $0.isEmpty ? nil : $0 }
        return CursorPage(
            after: after, before: before, limit: limit, descending: direction == "DESC",
            column: orderBy == "_id" ? "id" : orderBy, includeCursor: includeCursor)
    }

    /// The result of one page.
    struct Result<Record> {
        var records: [Record]
        var next: String?
        var previous: String?
        var totalCount: Int
        var totalCountCapped: Bool
    }

    /// Where counting stops; beyond it `totalCountCapped` is true.
    static let countCap = 50_000

    /// Runs the page on `table` restricted by `filter` (an SQL condition with `?` placeholders).
    /// - Throws: ``EngineError`` 400 when a cursor names no item of the table.
    func fetch<Record: FetchableRecord>(
        _ db: Database, table: String, filter: String, arguments: StatementArguments, id: (Record) -> String
    ) throws -> Result<Record> {
        let backwards = before != nil
        let cursorId = before ?? after
        var condition = filter
        var args = arguments
        if let cursorId {
            let (sql, cursorArgs) = try cursorCondition(db, table: table, cursorId: cursorId, forward: !backwards)
            condition += " AND " + sql
            args += cursorArgs
        }
        // Walking backwards reads in the opposite order, then flips the rows back.
        let descendingRead = backwards ? !descending : descending
        let order = descendingRead ? "DESC" : "ASC"
        let orderClause = column == "id" ? "id \(order)" : "\(column) \(order), id \(order)"
        let sql = "SELECT * FROM \(table) WHERE \(condition) ORDER BY \(orderClause) LIMIT \(limit + 1)"
        var records = try Record.fetchAll(db.cachedStatement(sql: sql), arguments: args)
        let more = records.count > limit
        if more { records.removeLast() }
        if backwards { records.reverse() }
        var next: String?
        var previous: String?
        if backwards {
            previous = more ? records.first.map(id) : nil
            if let last = records.last, try exists(db, table: table, filter: filter, arguments: arguments, beyond: id(last), forward: true) {
                next = id(last)
            }
        } else {
            next = more ? records.last.map(id) : nil
            if cursorId != nil, let first = records.first,
                try exists(db, table: table, filter: filter, arguments: arguments, beyond: id(first), forward: false)
            {
                previous = id(first)
            }
        }
        let count = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM (SELECT 1 FROM \(table) WHERE \(filter) LIMIT \(Self.countCap + 1))"),
            arguments: arguments) ?? 0
        return Result(
            records: records, next: next, previous: previous, totalCount: min(count, Self.countCap),
            totalCountCapped: count > Self.countCap)
    }

    /// The page as `{data, next, previous, totalCount, totalCountCapped}`.
    static func json<Record>(_ result: Result<Record>, item: (Record) -> JSON) -> JSON {
        [
            "data": .array(result.records.map(item)), "next": result.next.map(JSON.string) ?? .null,
            "previous": result.previous.map(JSON.string) ?? .null, "totalCount": .int(Int64(result.totalCount)),
            "totalCountCapped": .bool(result.totalCountCapped),
        ]
    }

    /// The SQL condition "comes after (forward) / before the cursor item in the page order".
    private func cursorCondition(_ db: Database, table: String, cursorId: String, forward: Bool) throws -> (String, StatementArguments) {
        let greater = forward != descending
        let op = greater ? ">" : "<"
        let opEqual = includeCursor ? op + "=" : op
        if column == "id" {
            return ("id \(opEqual) ?", [cursorId])
        }
        guard let value = try String.fetchOne(db.cachedStatement(sql: "SELECT \(column) FROM \(table) WHERE id = ?"), arguments: [cursorId]) else {
            throw EngineError.badRequest("Invalid cursor: \(cursorId)")
        }
        return ("(\(column) \(op) ? OR (\(column) = ? AND id \(opEqual) ?))", [value, value, cursorId])
    }

    private func exists(
        _ db: Database, table: String, filter: String, arguments: StatementArguments, beyond itemId: String, forward: Bool
    ) throws -> Bool {
        var plain = self
        plain.includeCursor = false
        let (sql, args) = try plain.cursorCondition(db, table: table, cursorId: itemId, forward: forward)
        return try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE \(filter) AND \(sql))"), arguments: arguments + args) ?? false
    }
}
