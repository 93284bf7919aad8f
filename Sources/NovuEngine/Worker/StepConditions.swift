import Foundation
import JSONCore
import NovuKit

/// Step filters (novu-api.md §4.3): groups are OR-ed, children AND-ed or OR-ed per group `value`.
///
/// `LIKE`, `NOT_LIKE`, `BETWEEN`, `NOT_BETWEEN`, `ALL_IN` and `ANY_IN` are accepted by Novu's DTO but
/// always evaluate to false in Novu; the engine keeps that behaviour and says so in the recorded reason.
/// `webhook` conditions cannot reach a webhook here and fail with a reason.
struct StepConditions {
    /// The variables the conditions read: `{subscriber, payload, tenant, actor, step}`.
    let variables: JSON
    let subscriber: SubscriberRecord
    let now: Date
    /// The state of the message the step with this uuid produced in the same transaction, if any.
    let previousMessage: (String) -> MessageRecord?

    static let neverEvaluated: Set<String> = ["LIKE", "NOT_LIKE", "BETWEEN", "NOT_BETWEEN", "ALL_IN", "ANY_IN"]

    /// `nil` when the step passes; otherwise the condition that stopped it, in words.
    func failure(_ groups: [JSON]) -> String? {
        guard !groups.isEmpty else { return nil }
        var firstFailure: String?
        for group in groups {
            let children = group["children"]?.arrayValue ?? []
            if children.isEmpty { return nil }
            let isOr = group["value"]?.stringValue == "OR"
            let results = children.map(evaluate)
            let passed = isOr ? results.contains { $0 == nil } : results.allSatisfy { $0 == nil }
            if passed { return nil }
            if firstFailure == nil {
                firstFailure = results.compactMap { $0 }.joined(separator: isOr ? " OR " : " AND ")
            }
        }
        return firstFailure
    }

    /// `nil` when `child` holds, else a description of it.
    private func evaluate(_ child: JSON) -> String? {
        let on = child["on"]?.stringValue ?? "payload"
        switch on {
        case "isOnline":
            let wanted = child["value"]?.boolValue ?? (child["value"]?.stringValue == "true")
            return (subscriber.isOnline ?? false) == wanted ? nil : "isOnline is not \(wanted)"
        case "isOnlineInLast":
            let amount = child["value"]?.doubleValue ?? Double(child["value"]?.stringValue ?? "") ?? 0
            let unit = child["timeOperator"]?.stringValue ?? "minutes"
            let seconds = amount * (unit == "days" ? 86_400 : unit == "hours" ? 3600 : 60)
            if subscriber.isOnline == true { return nil }
            if let last = subscriber.lastOnlineAt.flatMap(ISOTime.parse), now.timeIntervalSince(last) <= seconds { return nil }
            return "subscriber was not online in the last \(TemplateRenderer.text(child["value"])) \(unit)"
        case "previousStep":
            let uuid = child["step"]?.stringValue ?? ""
            let kind = child["stepType"]?.stringValue ?? "read"
            guard let message = previousMessage(uuid) else { return nil }
            let holds: Bool
            switch kind {
            case "read": holds = message.read
            case "unread": holds = !message.read
            case "seen": holds = message.seen
            default: holds = !message.seen
            }
            return holds ? nil : "previous step \(uuid) is not \(kind)"
        case "webhook":
            return "webhook condition \(child["webhookUrl"]?.stringValue ?? "") cannot be called by the local engine"
        default:
            return compare(child, on: on)
        }
    }

    private func compare(_ child: JSON, on: String) -> String? {
        let field = child["field"]?.stringValue ?? ""
        let op = child["operator"]?.stringValue ?? "EQUAL"
        let rawValue = child["value"]
        let describe = "\(on).\(field) \(op) \(TemplateRenderer.text(rawValue))"
        if Self.neverEvaluated.contains(op) { return describe + " (operator never evaluated by Novu: always false)" }
        let actual = variables[on]?.value(atPath: field)
        if op == "IS_DEFINED" { return actual != nil && actual != .null ? nil : describe }
        let rendered: JSON? = rawValue.map { value in
            if let text = value.stringValue { return .string(TemplateRenderer(variables: variables).render(text)) }
            return value
        }
        let expected = Self.cast(rendered, like: actual)
        let holds: Bool
        switch op {
        case "EQUAL": holds = actual == expected
        case "NOT_EQUAL": holds = actual != expected
        case "LARGER", "SMALLER", "LARGER_EQUAL", "SMALLER_EQUAL":
            holds = Self.order(actual, expected).map { order in
                switch op {
                case "LARGER": order > 0
                case "SMALLER": order < 0
                case "LARGER_EQUAL": order >= 0
                default: order <= 0
                }
            } ?? false
        case "IN": holds = Self.includes(actual, expected)
        case "NOT_IN": holds = !Self.includes(actual, expected)
        default: holds = false
        }
        return holds ? nil : describe
    }

    /// The string filter value cast to the type of the actual value, as Novu does.
    static func cast(_ value: JSON?, like actual: JSON?) -> JSON? {
        guard let text = value?.stringValue else { return value }
        switch actual {
        case .int?, .double?:
            if let number = Int64(text) { return .int(number) }
            return Double(text).map(JSON.double) ?? value
        case .bool?: return .bool(text == "true")
        default: return value
        }
    }

    private static func order(_ lhs: JSON?, _ rhs: JSON?) -> Int? {
        if let a = lhs?.doubleValue, let b = rhs?.doubleValue { return a < b ? -1 : a > b ? 1 : 0 }
        if let a = lhs?.stringValue, let b = rhs?.stringValue { return a < b ? -1 : a > b ? 1 : 0 }
        return nil
    }

    private static func includes(_ actual: JSON?, _ expected: JSON?) -> Bool {
        switch actual {
        case .array(let items)?:
            return items.contains { $0 == expected || TemplateRenderer.text($0) == TemplateRenderer.text(expected) }
        case .string(let text)?:
            return text.contains(TemplateRenderer.text(expected))
        default:
            return false
        }
    }
}
