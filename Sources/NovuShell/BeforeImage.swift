public import JSONCore
import NovuKit

/// The record a write changed, as it was before the write: what `undo` puts back.
public struct BeforeImage: Sendable, Hashable {
    /// What kind of state the image holds.
    public enum Kind: String, Sendable, Hashable {
        /// The whole subscriber (profile fields, data, channels); `nil` value: it did not exist.
        case subscriber
        /// The subscriber's preferences (`GET /v2/subscribers/{id}/preferences`).
        case preferences
        /// `[{_id, seen, read, archived}]` of the subscriber's in-app messages.
        case messages
    }

    /// What kind of state the image holds.
    public var kind: Kind
    /// The subscriber the state belongs to.
    public var subscriberId: String
    /// The state (`null` when the record did not exist, e.g. before a create).
    public var value: JSON

    /// Creates an image.
    public init(kind: Kind, subscriberId: String, value: JSON) {
        self.kind = kind
        self.subscriberId = subscriberId
        self.value = value
    }

    var json: JSON { ["kind": .string(kind.rawValue), "subscriberId": .string(subscriberId), "value": value] }

    init?(json: JSON) {
        guard let raw = json["kind"]?.stringValue, let kind = Kind(rawValue: raw),
            let subscriberId = json["subscriberId"]?.stringValue
        else { return nil }
        self.init(kind: kind, subscriberId: subscriberId, value: json["value"] ?? .null)
    }

    // MARK: - Which writes get an image

    /// The kind of image a write needs and the subscriber it concerns, or `nil` for writes that
    /// change nothing undo can restore (triggers, topics, workflows, message deletes).
    static func plan(for operation: APIOperation, arguments: [String], fields: [String: JSON])
        -> (kind: Kind, subscriberId: String)?
    {
        let name = operation.name
        if name == "subscribers.create" || name == "subscribers.create_v1" {
            guard let id = fields["subscriberId"]?.stringValue else { return nil }
            return (.subscriber, id)
        }
        guard operation.pathParameters.first == "subscriberId", let id = arguments.first else { return nil }
        if name.hasPrefix("subscribers.preferences.") { return (.preferences, id) }
        if name.hasPrefix("subscribers.notifications.") || name.hasPrefix("subscribers.messages.") {
            return (.messages, id)
        }
        if name.hasPrefix("subscribers.") && !name.hasPrefix("subscribers.topics.") { return (.subscriber, id) }
        return nil
    }

    /// Reads the current state through `client` (reads only; nothing is journaled).
    static func capture(_ kind: Kind, subscriberId: String, client: NovuClient) async -> BeforeImage? {
        do throws(NovuClientError) {
            switch kind {
            case .subscriber:
                do {
                    let value = try await client.call("subscribers.retrieve", [subscriberId]).value ?? .null
                    return BeforeImage(kind: kind, subscriberId: subscriberId, value: Redaction.redact(value))
                } catch where error.status == 404 {
                    return BeforeImage(kind: kind, subscriberId: subscriberId, value: .null)
                }
            case .preferences:
                let value = try await client.call("subscribers.preferences.list", [subscriberId]).value ?? .null
                return BeforeImage(kind: kind, subscriberId: subscriberId, value: value)
            case .messages:
                return BeforeImage(kind: kind, subscriberId: subscriberId,
                                   value: .array(try await messageStates(subscriberId, client: client)))
            }
        } catch {
            return nil
        }
    }

    /// `[{_id, seen, read, archived}]` of a subscriber's in-app messages (the newest 1000).
    static func messageStates(_ subscriberId: String, client: NovuClient) async throws(NovuClientError) -> [JSON] {
        let page = try await client.call(
            "messages.retrieve", [], ["subscriberId": .string(subscriberId), "channel": "in_app", "limit": 1000])
        let items = page.value?["data"]?.arrayValue ?? []
        return items.compactMap { message -> JSON? in
            guard let id = message["_id"] else { return nil }
            return [
                "_id": id, "seen": message["seen"] ?? false, "read": message["read"] ?? false,
                "archived": message["archived"] ?? false,
            ]
        }
    }
}
