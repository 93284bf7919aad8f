import GRDB
import JSONCore
import NovuKit

/// Subscriber channel credentials (`/v1/subscribers/:id/credentials`): PUT replaces, PATCH appends device
/// tokens, DELETE removes a provider. A chat or push provider needs an active integration, as in Novu.
enum CredentialService {
    /// Novu's `ChatOrPushProviderEnum`.
    static let providers = [
        "slack", "discord", "msteams", "webex-messaging", "mattermost", "ryver", "zulip", "grafana-on-call",
        "getstream", "rocket-chat", "whatsapp-business", "line", "chat-webhook", "novu-slack", "telegram", "sendblue",
        "novu-web-chat", "fcm", "apns", "expo", "one-signal", "pushpad", "push-webhook", "pusher-beams", "appio",
    ]

    static var routes: [Route] {
        [
            .config(.put, "/v1/subscribers/:subscriberId/credentials", .write) { context, db in
                try update(context, db, mode: .replace)
            },
            .config(.patch, "/v1/subscribers/:subscriberId/credentials", .write) { context, db in
                try update(context, db, mode: .append)
            },
            .config(.delete, "/v1/subscribers/:subscriberId/credentials/:providerId", .write, handler: delete),
        ]
    }

    /// One `{providerId, integrationIdentifier?, credentials}` request.
    struct ChannelRequest: Sendable {
        var providerId: String
        var integrationIdentifier: String?
        var credentials: [String: JSON]
    }

    /// How new credentials combine with stored ones.
    enum Mode {
        /// PUT: `deviceTokens` becomes the new (de-duplicated) list, other keys are merged over the old ones.
        case replace
        /// PATCH: `deviceTokens` is the union of old and new.
        case append
        /// Subscriber create/trigger: as PATCH.
        case merge
    }

    /// Reads a body's `providerId`, `integrationIdentifier` and `credentials`.
    static func readRequest(_ reader: inout BodyReader) -> ChannelRequest? {
        let providerId: String?
        switch reader["providerId"] {
        case nil, .null?:
            reader.fail("providerId should not be null or undefined")
            providerId = nil
        default:
            providerId = reader.enumValue("providerId", allowed: providers).value
        }
        let identifier = reader.string("integrationIdentifier").value
        let credentials: [String: JSON]?
        switch reader.object("credentials") {
        case .value(let value):
            credentials = value
            var nested = reader.nested("credentials", value: .object(value))
            _ = nested.string("webhookUrl")
            _ = nested.string("channel")
            _ = nested.stringArray("deviceTokens")
            reader.absorb(nested)
        case .null, .absent:
            if reader["credentials"] == nil || reader["credentials"] == .null {
                reader.fail("credentials should not be null or undefined")
            }
            credentials = nil
        }
        guard let providerId, let credentials else { return nil }
        return ChannelRequest(providerId: providerId, integrationIdentifier: identifier, credentials: credentials)
    }

    /// Reads the optional `channels` array of a v1 subscriber body.
    static func readChannels(_ reader: inout BodyReader) -> [ChannelRequest] {
        guard case .value(let items) = reader.array("channels") else { return [] }
        var requests: [ChannelRequest] = []
        for (index, item) in items.enumerated() {
            var nested = reader.nested("channels.\(index)", value: item)
            if let request = readRequest(&nested) { requests.append(request) }
            reader.absorb(nested)
        }
        return requests
    }

    static func update(_ context: RequestContext, _ db: Database, mode: Mode) throws -> Reply {
        var reader = context.bodyReader()
        let request = readRequest(&reader)
        try reader.finish()
        guard let request else { throw EngineError.validation(reader.messages) }
        let id = context.param("subscriberId")
        guard var record = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: id) else {
            throw EngineError.notFound("Subscriber not found for id \(id)")
        }
        let stored = record
        try apply(db, context: context, record: &record, request: request, mode: mode)
        try record.updateChanges(db, from: stored)
        return .result(record.json(organizationId: context.organizationId))
    }

    /// Writes one provider's credentials onto `record` (not saved).
    /// - Throws: ``EngineError`` 400 when the environment has no active integration for the provider.
    static func apply(
        _ db: Database, context: RequestContext, record: inout SubscriberRecord, request: ChannelRequest, mode: Mode
    ) throws {
        guard let integration = try activeIntegration(db, context: context, request: request) else {
            throw EngineError.badRequest(
                "Subscribers environment (\(context.environmentId)) do not have active \(request.providerId) integration.")
        }
        let index = record.channels.firstIndex {
            $0["_integrationId"]?.stringValue == integration.id
        }
        var old = index.flatMap { record.channels[$0]["credentials"]?.objectValue } ?? [:]
        var new = request.credentials
        if let tokens = new["deviceTokens"]?.arrayValue {
            let oldTokens = mode == .replace ? [] : (old["deviceTokens"]?.arrayValue ?? [])
            var seen = Set<JSON>()
            new["deviceTokens"] = .array((oldTokens + tokens).filter { seen.insert($0).inserted })
        }
        for (key, value) in new { old[key] = value }
        var entry: [String: JSON] = [
            "providerId": .string(request.providerId), "_integrationId": .string(integration.id),
            "integrationIdentifier": .string(integration.identifier), "credentials": .object(old),
        ]
        if let identifier = request.integrationIdentifier { entry["integrationIdentifier"] = .string(identifier) }
        if let index { record.channels[index] = .object(entry) } else { record.channels.append(.object(entry)) }
        record.updatedAt = context.nowString
    }

    /// The active integration named by `integrationIdentifier`, or else the provider's primary/oldest active one.
    static func activeIntegration(_ db: Database, context: RequestContext, request: ChannelRequest) throws -> IntegrationRecord? {
        if let identifier = request.integrationIdentifier {
            return try IntegrationRecord.fetchOne(
                db.cachedStatement(sql: """
                    SELECT * FROM integrations WHERE environmentId = ? AND identifier = ? AND providerId = ?
                    AND active = 1 AND deleted = 0
                    """), arguments: [context.environmentId, identifier, request.providerId])
        }
        return try IntegrationRecord.fetchOne(
            db.cachedStatement(sql: """
                SELECT * FROM integrations WHERE environmentId = ? AND providerId = ? AND active = 1 AND deleted = 0
                ORDER BY isPrimary DESC, id LIMIT 1
                """), arguments: [context.environmentId, request.providerId])
    }

    /// `DELETE /v1/subscribers/:subscriberId/credentials/:providerId` → 204.
    static func delete(_ context: RequestContext, _ db: Database) throws -> Reply {
        let id = context.param("subscriberId")
        guard var record = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: id) else {
            throw EngineError.notFound("Subscriber not found for id \(id)")
        }
        let stored = record
        let providerId = context.param("providerId")
        record.channels.removeAll { $0["providerId"]?.stringValue == providerId }
        record.updatedAt = context.nowString
        try record.updateChanges(db, from: stored)
        return .empty()
    }
}
