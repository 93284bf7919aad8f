import Foundation
import GRDB
import JSONCore

/// A trigger body, validated (`name`, `to`, `payload`, `overrides`, `transactionId`, `actor`, `tenant`).
struct TriggerRequest: Sendable {
    var name: String
    var to: [JSON]
    var payload: [String: JSON]
    var overrides: [String: JSON]
    var transactionId: String
    var actor: JSON?
    var tenant: JSON?

    /// Reads a trigger body; `requireTo` is false for broadcast, which sends to everyone.
    /// - Throws: ``EngineError`` 400 listing every field problem.
    static func read(_ body: JSON?, requireTo: Bool = true, requirePayload: Bool = false) throws(EngineError) -> TriggerRequest {
        var reader = BodyReader(body)
        let name = reader.requiredString("name")
        var to: [JSON] = []
        if requireTo {
            switch reader["to"] {
            case nil, .null?: reader.fail("to should not be null or undefined")
            case .array(let items)?: to = items
            case let value?: to = [value]
            }
        }
        let payload: [String: JSON]
        if requirePayload {
            if case .value(let value) = reader.object("payload") { payload = value } else {
                if reader["payload"] == nil || reader["payload"] == .null { reader.fail("payload must be an object") }
                payload = [:]
            }
        } else {
            payload = reader.object("payload").value ?? [:]
        }
        let overrides = reader.object("overrides").value ?? [:]
        let transactionId = reader.string("transactionId").value
        let actor = reader["actor"]
        if let actor, actor.stringValue == nil, actor.objectValue == nil, actor != .null {
            reader.fail("actor must be a string or an object")
        }
        let tenant = reader["tenant"]
        try reader.finish()
        for item in to {
            if let id = item["subscriberId"], id.arrayValue != nil {
                throw EngineError.badRequest(
                    "subscriberId under property to is type array, which is not allowed please make sure all subscribers ids are strings")
            }
        }
        return TriggerRequest(
            name: name ?? "", to: to, payload: payload, overrides: overrides,
            transactionId: transactionId ?? UUID().uuidString.lowercased(),
            actor: actor == .null ? nil : actor, tenant: tenant == .null ? nil : tenant)
    }

    /// The actor as a subscriber definition `{subscriberId, …}`.
    var actorDefinition: JSON? {
        if let id = actor?.stringValue { return ["subscriberId": .string(id)] }
        return actor?["subscriberId"]?.stringValue == nil ? nil : actor
    }
}

/// The soft outcomes of a trigger (`status` of the 201 reply).
enum TriggerStatus: String, Sendable {
    case processed, triggerNotActive = "trigger_not_active", noSteps = "no_workflow_steps_defined"
    case noActiveSteps = "no_workflow_active_steps_defined", error

    /// The reply body `{acknowledged, status, transactionId?}`.
    func json(transactionId: String?) -> JSON {
        var members: [String: JSON] = ["acknowledged": true, "status": .string(rawValue)]
        if self == .processed, let transactionId { members["transactionId"] = .string(transactionId) }
        return .object(members)
    }
}
