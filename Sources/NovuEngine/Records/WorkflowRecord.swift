import Foundation
import GRDB
import JSONCore

/// A workflow (notification template): its trigger identifier, steps and preference defaults.
///
/// Steps are kept in the v1 step shape (`{_id, uuid, name, active, filters, template{type,…}, metadata}`);
/// v2-created workflows keep their `controlValues` on each step too.
struct WorkflowRecord: Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "workflows"
    var id: String
    var environmentId: String
    var name: String
    var triggerIdentifier: String
    var description: String?
    var active: Bool
    var critical: Bool
    /// v2 `preferences.all.enabled`: when false, channels are off unless the workflow enables them explicitly.
    var allEnabled: Bool
    var tags: [String]
    /// Channel → default on/off, as v1 `preferenceSettings` (channels not listed default to on).
    var preferenceSettings: [String: Bool]
    var steps: [JSON]
    var data: JSON?
    var payloadSchema: JSON?
    var validatePayload: Bool
    var notificationGroupId: String
    /// `novu-cloud-v1` for v1-created workflows, `novu-cloud` for v2-created ones.
    var origin: String
    var severity: String
    var deleted: Bool
    var createdAt: String
    var updatedAt: String

    init(row: Row) throws {
        id = row["id"]
        environmentId = row["environmentId"]
        name = row["name"]
        triggerIdentifier = row["triggerIdentifier"]
        description = row["description"]
        active = row["active"]
        critical = row["critical"]
        allEnabled = row["allEnabled"]
        tags = JSONColumn.value(row["tags"])?.arrayValue?.compactMap(\.stringValue) ?? []
        preferenceSettings = (JSONColumn.value(row["preferenceSettings"])?.objectValue ?? [:]).compactMapValues(\.boolValue)
        steps = JSONColumn.value(row["steps"])?.arrayValue ?? []
        data = JSONColumn.value(row["data"])
        payloadSchema = JSONColumn.value(row["payloadSchema"])
        validatePayload = row["validatePayload"]
        notificationGroupId = row["notificationGroupId"]
        origin = row["origin"]
        severity = row["severity"]
        deleted = row["deleted"]
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
    }

    init(id: String, environmentId: String, name: String, triggerIdentifier: String, groupId: String, origin: String, now: String) {
        self.id = id
        self.environmentId = environmentId
        self.name = name
        self.triggerIdentifier = triggerIdentifier
        self.active = false
        self.critical = false
        self.allEnabled = true
        self.tags = []
        self.preferenceSettings = [:]
        self.steps = []
        self.validatePayload = false
        self.notificationGroupId = groupId
        self.origin = origin
        self.severity = "none"
        self.deleted = false
        self.createdAt = now
        self.updatedAt = now
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["environmentId"] = environmentId
        container["name"] = name
        container["triggerIdentifier"] = triggerIdentifier
        container["description"] = description
        container["active"] = active
        container["critical"] = critical
        container["allEnabled"] = allEnabled
        container["tags"] = JSONColumn.text(.array(tags.map(JSON.string)))
        container["preferenceSettings"] = JSONColumn.text(.object(preferenceSettings.mapValues(JSON.bool)))
        container["steps"] = JSONColumn.text(.array(steps))
        container["data"] = JSONColumn.text(data)
        container["payloadSchema"] = JSONColumn.text(payloadSchema)
        container["validatePayload"] = validatePayload
        container["notificationGroupId"] = notificationGroupId
        container["origin"] = origin
        container["severity"] = severity
        container["deleted"] = deleted
        container["createdAt"] = createdAt
        container["updatedAt"] = updatedAt
    }

    /// The v2 slug: the identifier and the database id, so it is unique and stable across renames.
    var slug: String { "\(triggerIdentifier)_wf_\(id)" }

    /// The steps, typed, in order.
    var definitions: [WorkflowStep] { steps.compactMap(WorkflowStep.init(json:)) }

    /// The distinct channels of the active channel steps, in Novu's preference order.
    var channelsInUse: [Channel] {
        let used = Set(definitions.filter(\.active).compactMap(\.type.channel))
        return Channel.ordered.filter(used.contains)
    }

    /// The live workflow matched by internal `_id`, trigger identifier or v2 slug.
    static func find(_ db: Database, environmentId: String, reference: String) throws -> WorkflowRecord? {
        if let found = try WorkflowRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM workflows WHERE environmentId = ? AND deleted = 0 AND (id = ? OR triggerIdentifier = ?)"),
            arguments: [environmentId, reference, reference])
        {
            return found
        }
        // A slug ends in `_wf_<24-hex id>`.
        guard let range = reference.range(of: "_wf_", options: .backwards) else { return nil }
        let id = String(reference[range.upperBound...])
        return try WorkflowRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM workflows WHERE environmentId = ? AND deleted = 0 AND id = ?"),
            arguments: [environmentId, id])
    }
}

/// One step of a workflow, typed for the trigger pipeline.
struct WorkflowStep: Sendable, Hashable {
    /// The step's `_id`.
    var id: String
    /// The step's `uuid` (what `previousStep` filters name).
    var uuid: String
    var name: String
    var type: StepType
    var active: Bool
    /// Filter groups `[{value:"AND"|"OR", children:[…]}]`.
    var filters: [JSON]
    /// The v1 `template` object (`content`, `subject`, `cta`, …).
    var template: JSON
    /// Delay or digest metadata.
    var metadata: JSON?

    init?(json: JSON) {
        guard let id = json["_id"]?.stringValue,
            let typeName = json["template"]?["type"]?.stringValue ?? json["type"]?.stringValue,
            let type = StepType(rawValue: typeName)
        else { return nil }
        self.id = id
        self.uuid = json["uuid"]?.stringValue ?? id
        self.name = json["name"]?.stringValue ?? typeName
        self.type = type
        self.active = json["active"]?.boolValue ?? true
        self.filters = json["filters"]?.arrayValue ?? []
        self.template = json["template"] ?? .object([:])
        self.metadata = json["metadata"]
    }
}
