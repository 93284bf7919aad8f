import GRDB

/// One environment of the organization (Development or Production), found by the hash of its API key.
struct EnvironmentRecord: Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "environments"
    var id: String
    var organizationId: String
    var name: String
    /// The public application identifier (used by the inbox session in Novu).
    var identifier: String
    var apiKeyHash: String
    var createdAt: String
    var updatedAt: String

    init(id: String, organizationId: String, name: String, identifier: String, apiKeyHash: String, createdAt: String) {
        self.id = id
        self.organizationId = organizationId
        self.name = name
        self.identifier = identifier
        self.apiKeyHash = apiKeyHash
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    init(row: Row) throws {
        id = row["id"]
        organizationId = row["organizationId"]
        name = row["name"]
        identifier = row["identifier"]
        apiKeyHash = row["apiKeyHash"]
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["organizationId"] = organizationId
        container["name"] = name
        container["identifier"] = identifier
        container["apiKeyHash"] = apiKeyHash
        container["createdAt"] = createdAt
        container["updatedAt"] = updatedAt
    }

    /// True for the Development environment, the only one where workflows may be changed (Novu's rule).
    var isDevelopment: Bool { name == "Development" }
}

/// The default notification group workflows v1 must name.
struct NotificationGroupRecord: Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "notification_groups"
    var id: String
    var environmentId: String
    var name: String
    var createdAt: String

    init(id: String, environmentId: String, name: String, createdAt: String) {
        self.id = id
        self.environmentId = environmentId
        self.name = name
        self.createdAt = createdAt
    }

    init(row: Row) throws {
        id = row["id"]
        environmentId = row["environmentId"]
        name = row["name"]
        createdAt = row["createdAt"]
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["environmentId"] = environmentId
        container["name"] = name
        container["createdAt"] = createdAt
    }
}
