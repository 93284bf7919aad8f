import GRDB
import JSONCore

/// A subscriber's stored preference: global (`workflowId` empty) or for one workflow.
///
/// `channels` holds only the channels the subscriber set; the others fall through to lower layers.
struct PreferenceRecord: Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "subscriber_preferences"
    /// The `workflowId` value of a global preference.
    static let globalWorkflowId = ""

    var id: String
    var environmentId: String
    var subscriberRowId: String
    var workflowId: String
    var enabled: Bool
    var channels: [String: Bool]
    var createdAt: String
    var updatedAt: String

    init(id: String, environmentId: String, subscriberRowId: String, workflowId: String, now: String) {
        self.id = id
        self.environmentId = environmentId
        self.subscriberRowId = subscriberRowId
        self.workflowId = workflowId
        self.enabled = true
        self.channels = [:]
        self.createdAt = now
        self.updatedAt = now
    }

    init(row: Row) throws {
        id = row["id"]
        environmentId = row["environmentId"]
        subscriberRowId = row["subscriberRowId"]
        workflowId = row["workflowId"]
        enabled = row["enabled"]
        channels = (JSONColumn.value(row["channels"])?.objectValue ?? [:]).compactMapValues(\.boolValue)
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["environmentId"] = environmentId
        container["subscriberRowId"] = subscriberRowId
        container["workflowId"] = workflowId
        container["enabled"] = enabled
        container["channels"] = JSONColumn.text(.object(channels.mapValues(JSON.bool)))
        container["createdAt"] = createdAt
        container["updatedAt"] = updatedAt
    }

    /// Every stored preference of one subscriber, keyed by workflow id (`""` = global).
    static func all(_ db: Database, subscriberRowId: String) throws -> [String: PreferenceRecord] {
        let records = try PreferenceRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM subscriber_preferences WHERE subscriberRowId = ?"), arguments: [subscriberRowId])
        return Dictionary(records.map { ($0.workflowId, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
