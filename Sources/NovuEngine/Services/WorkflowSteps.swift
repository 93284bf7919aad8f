import Foundation
import JSONCore

/// Validates and normalizes workflow steps into the stored v1 step shape, from v1 bodies
/// (`{name, active, filters, template{type,…}, metadata}`) or v2 bodies (`{name, type, controlValues}`).
enum WorkflowSteps {
    static let operators = [
        "LARGER", "SMALLER", "LARGER_EQUAL", "SMALLER_EQUAL", "EQUAL", "NOT_EQUAL", "ALL_IN", "ANY_IN", "NOT_IN",
        "BETWEEN", "NOT_BETWEEN", "LIKE", "NOT_LIKE", "IN", "IS_DEFINED",
    ]
    static let filterTargets = ["payload", "subscriber", "tenant", "webhook", "isOnline", "isOnlineInLast", "previousStep"]
    static let units = ["seconds", "minutes", "hours", "days", "weeks", "months"]

    /// Normalizes v1 steps; problems are recorded on `reader` as `steps.N.field …`.
    static func v1(_ items: [JSON], reader: inout BodyReader, context: RequestContext) -> [JSON] {
        var steps: [JSON] = []
        for (index, item) in items.enumerated() {
            var step = reader.nested("steps.\(index)", value: item)
            let name = step.string("name").value
            let active = step.bool("active").value ?? true
            let shouldStopOnFail = step.bool("shouldStopOnFail").value ?? false
            let filters = readFilters(&step, prefix: "steps.\(index).")
            var templateReader = step.nested("template", value: step["template"])
            if step["template"]?.objectValue == nil { step.fail("steps.\(index).template must be an object") }
            let type = templateReader.enumValue("type", allowed: StepType.userTypes.map(\.rawValue)).value
            step.absorb(templateReader)
            let metadata = readMetadata(&step, value: step["metadata"], type: type, prefix: "steps.\(index).metadata.")
            reader.absorb(step)
            guard let type else { continue }
            let id = step["_id"]?.stringValue.flatMap { ObjectIDGenerator.isValid($0) ? $0 : nil } ?? context.newId()
            var template = item["template"]?.objectValue ?? [:]
            template["type"] = .string(type)
            template["_id"] = template["_id"] ?? .string(context.newId())
            var out: [String: JSON] = [
                "_id": .string(id), "_templateId": template["_id"]!, "uuid": item["uuid"] ?? .string(UUID().uuidString.lowercased()),
                "name": .string(name ?? type), "active": .bool(active), "shouldStopOnFail": .bool(shouldStopOnFail),
                "filters": .array(filters), "template": .object(template), "variants": [],
            ]
            if let metadata { out["metadata"] = metadata }
            steps.append(.object(out))
        }
        return steps
    }

    /// Normalizes v2 steps (`{name, type, controlValues}`) into stored steps, keeping `controlValues`.
    static func v2(_ items: [JSON], reader: inout BodyReader, context: RequestContext, existing: [JSON] = []) -> [JSON] {
        var steps: [JSON] = []
        for (index, item) in items.enumerated() {
            var step = reader.nested("steps.\(index)", value: item)
            let name = step.requiredString("name")
            let type = step.enumValue("type", allowed: StepType.userTypes.map(\.rawValue)).value
            if step["type"] == nil { step.fail("steps.\(index).type should not be null or undefined") }
            let controls = step.object("controlValues").value ?? [:]
            let metadata = readMetadata(&step, value: metadataFromControls(controls, type: type), type: type, prefix: "steps.\(index).controlValues.")
            reader.absorb(step)
            guard let name, let type else { continue }
            let previous = existing.first { $0["stepId"]?.stringValue == slug(name) || $0["_id"] == item["_id"] }
            let id = previous?["_id"]?.stringValue ?? context.newId()
            var template: [String: JSON] = ["type": .string(type), "_id": previous?["_templateId"] ?? .string(context.newId())]
            template["content"] = controls["body"] ?? .string("")
            if let subject = controls["subject"] { template[type == "push" ? "title" : "subject"] = subject }
            if type == "in_app" {
                for key in ["avatar", "primaryAction", "secondaryAction", "redirect", "data"] where controls[key] != nil {
                    template[key] = controls[key]
                }
            }
            var out: [String: JSON] = [
                "_id": .string(id), "_templateId": template["_id"]!, "uuid": previous?["uuid"] ?? .string(UUID().uuidString.lowercased()),
                "name": .string(name), "stepId": .string(slug(name)), "active": true, "shouldStopOnFail": false,
                "filters": [], "template": .object(template), "controlValues": .object(controls), "variants": [],
            ]
            if let metadata { out["metadata"] = metadata }
            steps.append(.object(out))
        }
        return steps
    }

    /// Lowercase, `-`-separated slug (`Welcome Email!` → `welcome-email`).
    static func slug(_ text: String) -> String {
        var out = ""
        var dash = false
        for scalar in text.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII {
                out.unicodeScalars.append(scalar)
                dash = false
            } else if !dash && !out.isEmpty {
                out.append("-")
                dash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "workflow" : out
    }

    private static func metadataFromControls(_ controls: [String: JSON], type: String?) -> JSON? {
        switch type {
        case "delay":
            return [
                "type": controls["type"] ?? "regular", "amount": controls["amount"] ?? .null, "unit": controls["unit"] ?? .null,
            ]
        case "digest":
            var members: [String: JSON] = [
                "type": controls["lookBackWindow"] != nil ? "backoff" : "regular",
                "amount": controls["amount"] ?? .null, "unit": controls["unit"] ?? .null,
            ]
            if let key = controls["digestKey"] { members["digestKey"] = key }
            if let window = controls["lookBackWindow"] {
                members["backoff"] = true
                members["backoffAmount"] = window["amount"] ?? .null
                members["backoffUnit"] = window["unit"] ?? .null
            }
            if let cron = controls["cron"] { members = ["type": "timed", "timed": ["cronExpression": cron]] }
            return .object(members)
        default:
            return nil
        }
    }

    private static func readMetadata(_ reader: inout BodyReader, value: JSON?, type: String?, prefix: String) -> JSON? {
        guard let value, type == "delay" || type == "digest" else { return value }
        guard let members = value.objectValue else {
            reader.fail("\(prefix.dropLast()) must be an object")
            return nil
        }
        let kind = members["type"]?.stringValue ?? "regular"
        let kinds = type == "delay" ? ["regular", "scheduled"] : ["regular", "backoff", "timed"]
        if !kinds.contains(kind) { reader.fail("\(prefix)type must be one of the following values: \(kinds.joined(separator: ", "))") }
        if let unit = members["unit"], unit != .null, !(unit.stringValue.map(units.contains) ?? false) {
            reader.fail("\(prefix)unit must be one of the following values: \(units.joined(separator: ", "))")
        }
        if let amount = members["amount"], amount != .null, amount.doubleValue == nil {
            reader.fail("\(prefix)amount must be a number")
        }
        if kind == "scheduled", members["delayPath"]?.stringValue == nil {
            reader.fail("\(prefix)delayPath must be a string")
        }
        return value
    }

    private static func readFilters(_ reader: inout BodyReader, prefix: String) -> [JSON] {
        guard case .value(let groups) = reader.array("filters") else { return [] }
        for (g, group) in groups.enumerated() {
            guard let children = group["children"]?.arrayValue else {
                if group["children"] != nil { reader.fail("\(prefix)filters.\(g).children must be an array") }
                continue
            }
            for (c, child) in children.enumerated() {
                let path = "\(prefix)filters.\(g).children.\(c)."
                if let on = child["on"]?.stringValue, !filterTargets.contains(on) {
                    reader.fail("\(path)on must be one of the following values: \(filterTargets.joined(separator: ", "))")
                }
                if let op = child["operator"], !(op.stringValue.map(operators.contains) ?? false) {
                    reader.fail("\(path)operator must be one of the following values: \(operators.joined(separator: ", "))")
                }
            }
        }
        return groups.map { group in
            var members = group.objectValue ?? [:]
            members["value"] = members["value"] ?? "AND"
            members["isNegated"] = members["isNegated"] ?? false
            members["type"] = members["type"] ?? "GROUP"
            members["children"] = members["children"] ?? []
            return .object(members)
        }
    }
}
