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
            let response = try await client.send(readRequest(kind, subscriberId: subscriberId))
            return image(kind, subscriberId: subscriberId, value: response.value ?? .null)
        } catch where kind == .subscriber && error.status == 404 {
            return BeforeImage(kind: kind, subscriberId: subscriberId, value: .null)
        } catch {
            return nil
        }
    }

    /// The image in the answer a novush engine gave to the read asked for in a write's
    /// ``BeforeImageHeader`` (decoded by ``BeforeImageHeader/answer(_:)``; a 404 of the subscriber: it
    /// did not exist), or `nil` when that read failed.
    static func image(_ kind: Kind, subscriberId: String, response: APIResponse) -> BeforeImage? {
        if kind == .subscriber && response.status == 404 { return BeforeImage(kind: kind, subscriberId: subscriberId, value: .null) }
        guard (200..<300).contains(response.status),
            let decoded = try? NovuResponse(response: response, method: .get, path: "")
        else { return nil }
        return image(kind, subscriberId: subscriberId, value: decoded.value ?? .null)
    }

    /// The image in a novush engine's answer kept as the JSON text the engine sent, when that text can
    /// go into the journal as it is: the read succeeded, its body is one valid ASCII JSON object whose
    /// `data` is the record, and nothing in the record looks like a secret (so ``Redaction`` would
    /// blank nothing). Otherwise `nil`, and ``image(_:subscriberId:response:)`` decodes, redacts and
    /// re-serializes it. Decoding the record only to write it out again was a quarter of the client's
    /// work per journaled patch.
    static func verbatim(_ kind: Kind, subscriberId: String, response: APIResponse) -> VerbatimBeforeImage? {
        guard kind != .messages, (200..<300).contains(response.status),
            let range = JSONSyntax.memberValue("data", inObject: response.body),
            !Redaction.mayHoldSecret(response.body[range])
        else { return nil }
        return VerbatimBeforeImage(kind: kind, subscriberId: subscriberId, value: response.body[range])
    }

    /// Whether the image can come back in a write's answer header: a subscriber or their preferences
    /// fit in one, a thousand message states may not.
    static func travelsInAnswer(_ kind: Kind) -> Bool { kind != .messages }

    /// The GET that reads the state an image of `kind` holds.
    /// - Throws: ``NovuClientError`` when the subscriber id cannot go in a path.
    static func readRequest(_ kind: Kind, subscriberId: String) throws(NovuClientError) -> APIRequest {
        switch kind {
        case .subscriber: try subscriberRead.makeRequest(arguments: [subscriberId], fields: [:])
        case .preferences: try preferencesRead.makeRequest(arguments: [subscriberId], fields: [:])
        case .messages:
            try messagesRead.makeRequest(
                arguments: [], fields: ["subscriberId": .string(subscriberId), "channel": "in_app", "limit": 1000])
        }
    }

    private static let subscriberRead = operation("subscribers.retrieve")
    private static let preferencesRead = operation("subscribers.preferences.list")
    private static let messagesRead = operation("messages.retrieve")

    private static func operation(_ name: String) -> APIOperation {
        guard let operation = OperationCatalogue.operation(named: name) else { preconditionFailure("no operation \(name)") }
        return operation
    }

    /// The image of the state a read answered with `value` (unwrapped).
    private static func image(_ kind: Kind, subscriberId: String, value: JSON) -> BeforeImage {
        switch kind {
        case .subscriber: BeforeImage(kind: kind, subscriberId: subscriberId, value: Redaction.redact(value))
        case .preferences: BeforeImage(kind: kind, subscriberId: subscriberId, value: value)
        case .messages: BeforeImage(kind: kind, subscriberId: subscriberId, value: .array(messageStates(in: value)))
        }
    }

    /// `[{_id, seen, read, archived}]` of a subscriber's in-app messages (the newest 1000).
    static func messageStates(_ subscriberId: String, client: NovuClient) async throws(NovuClientError) -> [JSON] {
        messageStates(in: try await client.send(readRequest(.messages, subscriberId: subscriberId)).value ?? .null)
    }

    /// `[{_id, seen, read, archived}]` of the messages in a `GET /v1/messages` page.
    private static func messageStates(in page: JSON) -> [JSON] {
        (page["data"]?.arrayValue ?? []).compactMap { message -> JSON? in
            guard let id = message["_id"] else { return nil }
            return [
                "_id": id, "seen": message["seen"] ?? false, "read": message["read"] ?? false,
                "archived": message["archived"] ?? false,
            ]
        }
    }
}

/// A before-image journaled as the JSON text a novush engine sent (see ``BeforeImage/verbatim(_:subscriberId:response:)``):
/// the journal line reads back as the same ``BeforeImage``.
struct VerbatimBeforeImage: Sendable {
    let kind: BeforeImage.Kind
    let subscriberId: String
    /// Valid JSON text (checked by ``JSONSyntax``), ASCII, without secrets.
    let value: ArraySlice<UInt8>

    /// Appends the image's JSON object, with the value as it is: `{"kind":…,"subscriberId":…,"value":…}`.
    func append(to line: inout [UInt8]) {
        line += #"{"kind":"#.utf8
        do { try JSON.string(kind.rawValue).serialize(appendingTo: &line) } catch { line += #""""#.utf8 }
        line += #","subscriberId":"#.utf8
        do { try JSON.string(subscriberId).serialize(appendingTo: &line) } catch { line += #""""#.utf8 }
        line += #","value":"#.utf8
        line += value
        line.append(UInt8(ascii: "}"))
    }
}
