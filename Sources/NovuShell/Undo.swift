import JSONCore
public import NovuKit

/// Puts back what a journaled write changed, from the entry's ``BeforeImage``, with writes that go
/// through the session (so they are confirmed, dry-run and journaled like any other).
public struct Undo: Sendable {
    /// What an undo did.
    public struct Outcome: Sendable, Hashable {
        /// What was restored, one line each.
        public var restored: [String] = []
        /// What cannot be restored, and why.
        public var notRestored: [String] = []

        /// Both lists as lines for the user.
        public var text: String {
            (restored.map { "restored: " + $0 } + notRestored.map { "cannot restore: " + $0 }).joined(separator: "\n")
        }
    }

    let session: NovuSession

    /// Creates an undo on a session.
    public init(session: NovuSession) { self.session = session }

    /// Undoes the journal entry `id` of the current profile.
    /// - Returns: What was and was not restored.
    /// - Throws: ``NovuClientError`` when a restoring call fails (``NovuClientError/Code/invalidArgument``
    ///   when no entry, or more than one, has that id or starts with it).
    public func undo(id: String) async throws(NovuClientError) -> Outcome {
        let profile = session.connection.profile.name
        let matches = session.journal.entries(matching: id)
        guard matches.count == 1, let entry = matches.first else {
            if matches.isEmpty {
                throw NovuClientError(.invalidArgument, "no journal entry \(id) for profile '\(profile)'")
            }
            let listed = matches.prefix(5).map { "\($0.id) (\($0.time) \($0.method) \($0.route))" }.joined(separator: ", ")
            throw NovuClientError(
                .invalidArgument,
                "\(id) names \(matches.count) journal entries of profile '\(profile)': \(listed)\(matches.count > 5 ? ", …" : ""); "
                    + "give more of the id")
        }
        var outcome = Outcome()
        if let status = entry.status, !(200..<300).contains(status) {
            outcome.notRestored.append("\(entry.method) \(entry.route) failed with status \(status): it changed nothing")
            return outcome
        }
        guard let before = entry.before else {
            outcome.notRestored.append(
                "\(entry.method) \(entry.route): the journal has no before-image for this write "
                    + "(not a kind undo restores, or the record could not be read)")
            return outcome
        }
        switch before.kind {
        case .subscriber: try await restoreSubscriber(before, entry: entry, into: &outcome)
        case .preferences: try await restorePreferences(before, entry: entry, into: &outcome)
        case .messages: try await restoreMessages(before, entry: entry, into: &outcome)
        }
        return outcome
    }

    // MARK: - Subscribers

    static let profileFields = ["firstName", "lastName", "email", "phone", "avatar", "locale", "timezone", "data"]

    private func restoreSubscriber(_ before: BeforeImage, entry: JournalEntry, into outcome: inout Outcome)
        async throws(NovuClientError)
    {
        let id = before.subscriberId
        let now = try await read("subscribers.retrieve", [id])
        guard case .object(let old) = before.value else {
            // It did not exist before: the write created it.
            if now != nil {
                _ = try await call("subscribers.delete", [id], [:], entry)
                outcome.restored.append("subscriber \(id) did not exist before: deleted it")
            } else {
                outcome.restored.append("subscriber \(id) did not exist before and does not exist now")
            }
            return
        }
        var fields: [String: JSON] = [:]
        let current = now?.objectValue ?? [:]
        for name in Self.profileFields {
            if let value = old[name] {
                if current[name] != value { fields[name] = value }
            } else if current[name] != nil, !(current[name]?.isNull ?? true) {
                fields[name] = .null
            }
        }
        if now == nil {
            var create = fields.filter { !$0.value.isNull }
            create["subscriberId"] = .string(id)
            _ = try await call("subscribers.create", [], create, entry)
            outcome.restored.append("subscriber \(id) re-created with its fields as they were")
            if entry.method == "DELETE" {
                outcome.notRestored.append(
                    "subscriber \(id)'s messages, preferences and topic subscriptions were deleted with it")
            }
        } else if !fields.isEmpty {
            _ = try await call("subscribers.patch", [id], fields, entry)
            outcome.restored.append(
                "subscriber \(id): " + fields.keys.sorted().joined(separator: ", "))
        }
        try await restoreChannels(old["channels"]?.arrayValue ?? [], current: current["channels"]?.arrayValue ?? [],
                                  subscriberId: id, entry: entry, into: &outcome)
        if fields.isEmpty && now != nil && outcome.restored.isEmpty && outcome.notRestored.isEmpty {
            outcome.restored.append("subscriber \(id) is already as it was")
        }
    }

    private func restoreChannels(
        _ old: [JSON], current: [JSON], subscriberId: String, entry: JournalEntry, into outcome: inout Outcome
    ) async throws(NovuClientError) {
        func key(_ channel: JSON) -> String {
            (channel["providerId"]?.stringValue ?? "") + "/" + (channel["integrationIdentifier"]?.stringValue ?? "")
        }
        let currentByKey = Dictionary(current.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let oldKeys = Set(old.map(key))
        for channel in old where currentByKey[key(channel)]?["credentials"] != channel["credentials"] {
            guard let provider = channel["providerId"]?.stringValue else { continue }
            if Redaction.redact(channel) != channel || containsRedacted(channel) {
                outcome.notRestored.append("\(provider) credentials: the journal keeps them redacted")
                continue
            }
            var fields: [String: JSON] = ["providerId": .string(provider), "credentials": channel["credentials"] ?? [:]]
            if let identifier = channel["integrationIdentifier"] { fields["integrationIdentifier"] = identifier }
            _ = try await call("subscribers.credentials.update", [subscriberId], fields, entry)
            outcome.restored.append("\(provider) credentials of \(subscriberId)")
        }
        for channel in current where !oldKeys.contains(key(channel)) {
            guard let provider = channel["providerId"]?.stringValue else { continue }
            _ = try await call("subscribers.credentials.delete", [subscriberId, provider], [:], entry)
            outcome.restored.append("removed \(provider) credentials added since")
        }
    }

    private func containsRedacted(_ value: JSON) -> Bool {
        switch value {
        case .string(let text): return text == "[redacted]"
        case .array(let items): return items.contains(where: containsRedacted)
        case .object(let members): return members.values.contains(where: containsRedacted)
        default: return false
        }
    }

    // MARK: - Preferences

    private func restorePreferences(_ before: BeforeImage, entry: JournalEntry, into outcome: inout Outcome)
        async throws(NovuClientError)
    {
        let id = before.subscriberId
        if let channels = before.value["global"]?["channels"] {
            _ = try await call("subscribers.preferences.update", [id], ["channels": channels], entry)
            outcome.restored.append("global preferences of \(id)")
        }
        var workflows: [JSON] = []
        for item in before.value["workflows"]?.arrayValue ?? [] {
            guard let workflow = item["workflow"]?["identifier"], let channels = item["channels"] else { continue }
            workflows.append(["workflowId": workflow, "channels": channels])
        }
        if !workflows.isEmpty {
            _ = try await call("subscribers.preferences.bulk_update", [id], ["preferences": .array(workflows)], entry)
            outcome.restored.append("preferences of \(workflows.count) workflow(s) of \(id)")
        }
    }

    // MARK: - Message state

    private func restoreMessages(_ before: BeforeImage, entry: JournalEntry, into outcome: inout Outcome)
        async throws(NovuClientError)
    {
        let id = before.subscriberId
        let client = try session.connection.client()
        let now = try await BeforeImage.messageStates(id, client: client)
        let current = Dictionary(now.compactMap { m in m["_id"]?.stringValue.map { ($0, m) } }, uniquingKeysWith: { a, _ in a })
        var changed = 0
        var gone = 0
        for old in before.value.arrayValue ?? [] {
            guard let messageId = old["_id"]?.stringValue else { continue }
            guard let state = current[messageId] else {
                gone += 1
                continue
            }
            guard state != old else { continue }
            if state["archived"]?.boolValue == true, old["archived"]?.boolValue != true {
                _ = try await call("subscribers.notifications.unarchive", [id, messageId], [:], entry)
            }
            let mark: JSON = ["seen": old["seen"] ?? false, "read": old["read"] ?? false]
            _ = try await call("subscribers.messages.mark_as", [id], ["messageId": .string(messageId), "mark": mark], entry)
            if old["archived"]?.boolValue == true, state["archived"]?.boolValue != true {
                _ = try await call("subscribers.notifications.archive", [id, messageId], [:], entry)
            }
            changed += 1
        }
        outcome.restored.append("read/seen/archived state of \(changed) message(s) of \(id)")
        if gone > 0 {
            outcome.notRestored.append("\(gone) message(s) of \(id) were deleted since and cannot be brought back")
        }
    }

    // MARK: - Helpers

    private func read(_ name: String, _ arguments: [String]) async throws(NovuClientError) -> JSON? {
        do {
            return try await session.connection.client().call(name, arguments).value
        } catch where error.status == 404 {
            return nil
        }
    }

    private func call(_ name: String, _ arguments: [String], _ fields: [String: JSON], _ entry: JournalEntry)
        async throws(NovuClientError) -> NovuResponse
    {
        guard let operation = OperationCatalogue.operation(named: name) else {
            throw NovuClientError(.unknownOperation, "no Novu operation is called \(name)")
        }
        return try await session.perform(operation, arguments: arguments, fields: fields, undoing: entry.id)
    }
}
