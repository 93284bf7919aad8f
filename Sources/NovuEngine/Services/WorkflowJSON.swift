import JSONCore

/// The wire shapes of a workflow: v1 `Workflow` and v2 `WorkflowResponseDto`.
extension WorkflowRecord {
    /// `preferenceSettings` with every channel present (default: `allEnabled`).
    var fullPreferenceSettings: JSON {
        .object(Dictionary(uniqueKeysWithValues: Channel.ordered.map { ($0.rawValue, JSON.bool(preferenceSettings[$0.rawValue] ?? allEnabled)) }))
    }

    /// The variables named by the steps' `template.variables`.
    private var triggerVariables: JSON {
        var names: [String] = []
        for step in steps {
            for variable in step["template"]?["variables"]?.arrayValue ?? [] {
                if let name = variable["name"]?.stringValue, !names.contains(name) { names.append(name) }
            }
        }
        return .array(names.map { ["name": .string($0)] })
    }

    /// The v1 workflow (`/v1/workflows`).
    func v1JSON(organizationId: String) -> JSON {
        [
            "_id": .string(id), "name": .string(name), "description": .string(description ?? ""), "active": .bool(active),
            "draft": .bool(!active), "critical": .bool(critical), "tags": .array(tags.map(JSON.string)),
            "preferenceSettings": fullPreferenceSettings,
            "triggers": [
                [
                    "type": "event", "identifier": .string(triggerIdentifier), "variables": triggerVariables,
                    "subscriberVariables": [], "reservedVariables": [],
                ]
            ],
            "steps": .array(steps), "_notificationGroupId": .string(notificationGroupId),
            "_environmentId": .string(environmentId), "_organizationId": .string(organizationId),
            "_creatorId": .string(organizationId), "data": data ?? .null, "deleted": .bool(deleted), "deletedAt": .null,
            "deletedBy": .null, "isBlueprint": false, "origin": .string(origin), "createdAt": .string(createdAt),
            "updatedAt": .string(updatedAt),
        ]
    }

    /// The v2 workflow (`/v2/workflows`).
    func v2JSON(organizationId: String) -> JSON {
        var channels: [String: JSON] = [:]
        for channel in Channel.ordered {
            channels[channel.rawValue] = ["enabled": .bool(preferenceSettings[channel.rawValue] ?? allEnabled)]
        }
        let defaults: JSON = ["all": ["enabled": .bool(allEnabled), "readOnly": .bool(critical)], "channels": .object(channels)]
        var members: [String: JSON] = [
            "_id": .string(id), "workflowId": .string(triggerIdentifier), "slug": .string(slug), "name": .string(name),
            "description": .string(description ?? ""), "tags": .array(tags.map(JSON.string)), "active": .bool(active),
            "status": .string(active ? "ACTIVE" : "INACTIVE"), "origin": .string(origin), "severity": .string(severity),
            "validatePayload": .bool(validatePayload), "isTranslationEnabled": false,
            "preferences": ["user": .null, "default": defaults], "steps": .array(steps.map(v2StepJSON)),
            "createdAt": .string(createdAt), "updatedAt": .string(updatedAt), "issues": [:],
        ]
        if let payloadSchema { members["payloadSchema"] = payloadSchema }
        if let data { members["data"] = data }
        return .object(members)
    }

    /// The v2 list item (`WorkflowListResponseDto`).
    func v2ListJSON() -> JSON {
        [
            "_id": .string(id), "workflowId": .string(triggerIdentifier), "slug": .string(slug), "name": .string(name),
            "tags": .array(tags.map(JSON.string)), "status": .string(active ? "ACTIVE" : "INACTIVE"),
            "origin": .string(origin), "updatedAt": .string(updatedAt), "createdAt": .string(createdAt),
            "stepTypeOverviews": .array(definitions.map { .string($0.type.rawValue) }),
            "severity": .string(severity),
        ]
    }

    private func v2StepJSON(_ step: JSON) -> JSON {
        let stepId = step["stepId"]?.stringValue ?? WorkflowSteps.slug(step["name"]?.stringValue ?? "step")
        let controls = step["controlValues"] ?? v1ControlValues(step)
        return [
            "_id": step["_id"] ?? .null, "stepId": .string(stepId), "slug": .string("\(stepId)_st_\(step["_id"]?.stringValue ?? "")"),
            "name": step["name"] ?? .null, "type": step["template"]?["type"] ?? .null, "origin": .string(origin),
            "workflowId": .string(triggerIdentifier), "workflowDatabaseId": .string(id), "controlValues": controls,
            "controls": ["values": controls], "variables": [:], "issues": [:],
        ]
    }

    private func v1ControlValues(_ step: JSON) -> JSON {
        var controls: [String: JSON] = [:]
        if let content = step["template"]?["content"] { controls["body"] = content }
        if let subject = step["template"]?["subject"] ?? step["template"]?["title"] { controls["subject"] = subject }
        if let metadata = step["metadata"]?.objectValue { for (key, value) in metadata { controls[key] = value } }
        return .object(controls)
    }
}
