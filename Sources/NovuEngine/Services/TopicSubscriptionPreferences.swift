import GRDB
import JSONCore

/// The `preferences` of a topic subscription request (create or PATCH): read, checked, resolved to workflows.
///
/// Each element has one of the three shapes of the SDK's `UpdateTopicSubscriptionRequestDto.preferences`:
/// a workflow id or identifier (`"welcome"`), `{workflowId, enabled?, condition?}`, or
/// `{filter: {workflowIds?, tags?}, enabled?, condition?}`. As in Novu, ids and tags that match no workflow
/// are skipped rather than rejected, and a workflow matched by several elements takes the first one.
struct TopicSubscriptionPreferenceRequest: Sendable {
    /// One requested element: the workflows it names and what to set for them.
    struct Rule: Sendable {
        /// Workflow `_id`s, trigger identifiers or slugs.
        var workflowIds: [String] = []
        /// Tags: every active workflow carrying one of them.
        var tags: [String] = []
        /// `nil`: the subscriber's own setting for the workflow (on unless they turned it off).
        var enabled: Bool?
        /// A JSON Logic object, stored as given.
        var condition: JSON?
    }

    /// A rule matched to one live workflow.
    struct Resolved: Sendable {
        var workflow: WorkflowRecord
        var enabled: Bool?
        var condition: JSON?
    }

    var rules: [Rule]

    /// Reads `preferences`; `nil` when the key is absent or null. Problems are added to `reader`'s messages,
    /// each naming its field (`preferences.0.enabled must be a boolean value`).
    static func read(_ reader: inout BodyReader, key: String = "preferences") -> TopicSubscriptionPreferenceRequest? {
        guard case .value(let items) = reader.array(key) else { return nil }
        var rules: [Rule] = []
        for (index, item) in items.enumerated() {
            let path = "\(key).\(index)"
            switch item {
            case .string(let workflowId):
                rules.append(Rule(workflowIds: [workflowId]))
            case .object(let members):
                var nested = reader.nested(path, value: item)
                if let rule = readRule(&nested, members: members, path: path) { rules.append(rule) }
                reader.absorb(nested)
            default:
                reader.fail("\(path) must be a workflow identifier string, a {workflowId} object or a {filter} object")
            }
        }
        return TopicSubscriptionPreferenceRequest(rules: rules)
    }

    private static func readRule(_ reader: inout BodyReader, members: [String: JSON], path: String) -> Rule? {
        var rule = Rule()
        rule.enabled = reader.bool("enabled").value
        rule.condition = reader.object("condition").value.map(JSON.object)
        if members["filter"] != nil {
            switch reader.object("filter") {
            case .value(let filter):
                var inner = reader.nested("filter", value: .object(filter))
                rule.workflowIds = inner.stringArray("workflowIds").value ?? []
                rule.tags = inner.stringArray("tags").value ?? []
                reader.absorb(inner)
            case .null:
                reader.fail("\(path).filter must be an object")
            case .absent:
                break
            }
        } else if let workflowId = reader.requiredString("workflowId") {
            rule.workflowIds = [workflowId]
        }
        return reader.messages.isEmpty ? rule : nil
    }

    /// The live workflows of the environment the rules name, each once, in request order.
    /// - Throws: SQLite errors.
    func resolve(_ db: Database, environmentId: String) throws -> [Resolved] {
        var resolved: [Resolved] = []
        var seen = Set<String>()
        var tagged: [WorkflowRecord]?
        for rule in rules {
            var matches: [WorkflowRecord] = []
            for reference in rule.workflowIds {
                if let workflow = try WorkflowRecord.find(db, environmentId: environmentId, reference: reference) {
                    matches.append(workflow)
                }
            }
            if !rule.tags.isEmpty {
                if tagged == nil {
                    let sql = "SELECT * FROM workflows WHERE environmentId = ? AND deleted = 0 AND active = 1 ORDER BY id"
                    tagged = try WorkflowRecord.fetchAll(db.cachedStatement(sql: sql), arguments: [environmentId])
                }
                matches += (tagged ?? []).filter { !Set($0.tags).isDisjoint(with: rule.tags) }
            }
            for workflow in matches where seen.insert(workflow.id).inserted {
                resolved.append(Resolved(workflow: workflow, enabled: rule.enabled, condition: rule.condition))
            }
        }
        return resolved
    }

    /// The rules to store for one subscriber: an element without `enabled` takes the subscriber's own
    /// workflow setting (on when they have none; always on for a critical workflow), as Novu does.
    /// - Throws: SQLite errors.
    static func preferences(
        _ resolved: [Resolved], subscriberRowId: String, _ db: Database
    ) throws -> [TopicSubscriptionPreference] {
        guard !resolved.isEmpty else { return [] }
        let own = try PreferenceRecord.all(db, subscriberRowId: subscriberRowId)
        return resolved.map { item in
            let fallback = item.workflow.critical ? true : (own[item.workflow.id]?.enabled ?? true)
            return TopicSubscriptionPreference(
                workflowId: item.workflow.id, enabled: item.enabled ?? fallback, condition: item.condition)
        }
    }
}

extension TopicSubscriptionPreference {
    /// The `SubscriptionPreferenceDto` list of a subscription, or `nil` when it has none; rules whose
    /// workflow was deleted since are left out.
    /// - Throws: SQLite errors.
    static func responseJSON(_ record: TopicSubscriptionRecord, _ db: Database) throws -> JSON? {
        guard !record.preferences.isEmpty else { return nil }
        let workflows = try WorkflowRecord.fetchAll(db, keys: record.preferences.map(\.workflowId))
        let byId = Dictionary(workflows.filter { !$0.deleted }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let items: [JSON] = record.preferences.compactMap { preference in
            guard let workflow = byId[preference.workflowId] else { return nil }
            var members: [String: JSON] = [
                "subscriptionId": .string(record.identifier), "enabled": .bool(preference.enabled),
                "workflow": workflowJSON(workflow),
            ]
            if let condition = preference.condition { members["condition"] = condition }
            return .object(members)
        }
        return items.isEmpty ? nil : .array(items)
    }

    /// `SubscriptionPreferenceDtoWorkflow`: `{id, identifier, name, critical, severity, tags, data?}`.
    private static func workflowJSON(_ workflow: WorkflowRecord) -> JSON {
        let severities: Set<String> = ["high", "medium", "low", "none"]
        var members: [String: JSON] = [
            "id": .string(workflow.id), "identifier": .string(workflow.triggerIdentifier), "name": .string(workflow.name),
            "critical": .bool(workflow.critical),
            "severity": .string(severities.contains(workflow.severity) ? workflow.severity : "none"),
            "tags": .array(workflow.tags.map(JSON.string)),
        ]
        if let data = workflow.data, data.objectValue != nil { members["data"] = data }
        return .object(members)
    }
}
