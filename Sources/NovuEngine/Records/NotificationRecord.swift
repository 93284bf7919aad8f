import Foundation
import GRDB
import JSONCore

/// One notification: a workflow triggered for one subscriber (the root of activity and execution details).
struct NotificationRecord: Sendable, Hashable, FetchableRecord, ColumnListRecord {
    static let databaseTableName = "notifications"
    var id: String
    var environmentId: String
    var organizationId: String
    var workflowId: String
    var subscriberRowId: String
    var transactionId: String
    var payload: JSON
    var overrides: JSON
    /// The trigger's `to` entry for this subscriber.
    var recipient: JSON?
    /// The actor as given (`{subscriberId, …}`), or `nil`.
    var actor: JSON?
    var tenant: JSON?
    /// The distinct active step types that deliver (`in_app`, `email`, …).
    var channels: [String]
    var tags: [String]
    var createdAt: String
    var updatedAt: String
    var expireAt: String

    init(
        id: String, environmentId: String, organizationId: String, workflowId: String, subscriberRowId: String,
        transactionId: String, payload: JSON, overrides: JSON, now: String, expireAt: String
    ) {
        self.id = id
        self.environmentId = environmentId
        self.organizationId = organizationId
        self.workflowId = workflowId
        self.subscriberRowId = subscriberRowId
        self.transactionId = transactionId
        self.payload = payload
        self.overrides = overrides
        self.channels = []
        self.tags = []
        self.createdAt = now
        self.updatedAt = now
        self.expireAt = expireAt
    }

    init(row: Row) throws { self.init(columns: RowColumns(row: row), memo: nil) }

    /// Decodes a row, parsing JSON columns through `memo` when given (the notifications of one trigger
    /// share them).
    init(columns row: some ColumnSource, memo: JSONMemo?) {
        id = row["id"]
        environmentId = row["environmentId"]
        organizationId = row["organizationId"]
        workflowId = row["workflowId"]
        subscriberRowId = row["subscriberRowId"]
        transactionId = row["transactionId"]
        payload = JSONColumn.value(row["payload"], memo: memo) ?? [:]
        overrides = JSONColumn.value(row["overrides"], memo: memo) ?? [:]
        recipient = JSONColumn.value(row["recipient"], memo: memo)
        actor = JSONColumn.value(row["actor"], memo: memo)
        tenant = JSONColumn.value(row["tenant"], memo: memo)
        channels = JSONColumn.value(row["channels"], memo: memo)?.arrayValue?.compactMap(\.stringValue) ?? []
        tags = JSONColumn.value(row["tags"], memo: memo)?.arrayValue?.compactMap(\.stringValue) ?? []
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
        expireAt = row["expireAt"]
    }

    var databaseColumns: [(String, (any DatabaseValueConvertible)?)] {
        [
            ("id", id),
            ("environmentId", environmentId),
            ("organizationId", organizationId),
            ("workflowId", workflowId),
            ("subscriberRowId", subscriberRowId),
            ("transactionId", transactionId),
            ("payload", JSONColumn.text(payload)),
            ("overrides", JSONColumn.text(overrides)),
            ("recipient", JSONColumn.text(recipient)),
            ("actor", JSONColumn.text(actor)),
            ("tenant", JSONColumn.text(tenant)),
            ("channels", JSONColumn.text(.array(channels.map(JSON.string)))),
            ("tags", JSONColumn.text(.array(tags.map(JSON.string)))),
            ("createdAt", createdAt),
            ("updatedAt", updatedAt),
            ("expireAt", expireAt),
        ]
    }

    /// The activity root as Novu returns it.
    func json(subscriberExternalId: String?) -> JSON {
        var members: [String: JSON] = [
            "_id": .string(id), "_templateId": .string(workflowId), "_environmentId": .string(environmentId),
            "_organizationId": .string(organizationId), "_subscriberId": .string(subscriberRowId),
            "transactionId": .string(transactionId), "channels": .array(channels.map(JSON.string)),
            "payload": payload, "tags": .array(tags.map(JSON.string)), "createdAt": .string(createdAt),
            "updatedAt": .string(updatedAt), "expireAt": .string(expireAt),
        ]
        if let recipient { members["to"] = recipient }
        if let tenant { members["tenant"] = tenant }
        if let actor { members["actor"] = actor }
        if !overrides.isEmptyObject { members["overrides"] = overrides }
        return .object(members)
    }
}

extension JSON {
    /// True for `{}`.
    var isEmptyObject: Bool { objectValue?.isEmpty ?? false }

    /// The value at a dot path (`a.b.0.c`), or `nil`.
    func value(atPath path: String) -> JSON? {
        value(atPath: path.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
    }

    /// The value at a path already split into its parts (`["a", "b", "0", "c"]`), or `nil`.
    func value(atPath parts: [String]) -> JSON? {
        var current = self
        for part in parts {
            if case .object(let members) = current, let member = members[part] {
                current = member
            } else if case .array(let items) = current, let index = Int(part), items.indices.contains(index) {
                current = items[index]
            } else {
                return nil
            }
        }
        return current
    }
}
