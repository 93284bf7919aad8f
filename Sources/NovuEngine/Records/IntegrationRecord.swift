import GRDB
import JSONCore

/// A provider integration of an environment (records only: no provider is reachable from the engine).
struct IntegrationRecord: Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "integrations"
    var id: String
    var environmentId: String
    var providerId: String
    var channel: String
    var name: String
    var identifier: String
    var active: Bool
    var primary: Bool
    var priority: Int
    var credentials: JSON
    var conditions: [JSON]
    var deleted: Bool
    var deletedAt: String?
    var createdAt: String
    var updatedAt: String

    init(id: String, environmentId: String, providerId: String, channel: String, name: String, identifier: String, now: String) {
        self.id = id
        self.environmentId = environmentId
        self.providerId = providerId
        self.channel = channel
        self.name = name
        self.identifier = identifier
        self.active = true
        self.primary = false
        self.priority = 0
        self.credentials = .object([:])
        self.conditions = []
        self.deleted = false
        self.createdAt = now
        self.updatedAt = now
    }

    init(row: Row) throws {
        id = row["id"]
        environmentId = row["environmentId"]
        providerId = row["providerId"]
        channel = row["channel"]
        name = row["name"]
        identifier = row["identifier"]
        active = row["active"]
        primary = row["isPrimary"]
        priority = row["priority"]
        credentials = JSONColumn.value(row["credentials"]) ?? .object([:])
        conditions = JSONColumn.value(row["conditions"])?.arrayValue ?? []
        deleted = row["deleted"]
        deletedAt = row["deletedAt"]
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["environmentId"] = environmentId
        container["providerId"] = providerId
        container["channel"] = channel
        container["name"] = name
        container["identifier"] = identifier
        container["active"] = active
        container["isPrimary"] = primary
        container["priority"] = priority
        container["credentials"] = JSONColumn.text(credentials)
        container["conditions"] = JSONColumn.text(.array(conditions))
        container["deleted"] = deleted
        container["deletedAt"] = deletedAt
        container["createdAt"] = createdAt
        container["updatedAt"] = updatedAt
    }

    /// The integration as Novu returns it (`IntegrationResponseDto`).
    func json(organizationId: String) -> JSON {
        [
            "_id": .string(id), "_environmentId": .string(environmentId), "_organizationId": .string(organizationId),
            "name": .string(name), "identifier": .string(identifier), "providerId": .string(providerId),
            "channel": .string(channel), "credentials": credentials, "active": .bool(active), "deleted": .bool(deleted),
            "deletedAt": deletedAt.map(JSON.string) ?? .null, "deletedBy": .null, "primary": .bool(primary),
            "priority": .int(Int64(priority)), "conditions": .array(conditions), "createdAt": .string(createdAt),
            "updatedAt": .string(updatedAt),
        ]
    }

    /// The live integrations of the environment, oldest first.
    static func all(_ db: Database, environmentId: String) throws -> [IntegrationRecord] {
        try IntegrationRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM integrations WHERE environmentId = ? AND deleted = 0 ORDER BY id"),
            arguments: [environmentId])
    }
}
