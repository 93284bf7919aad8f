import Foundation
import GRDB
import JSONCore
import NovuKit

/// The filters of the v2 notification list and counts: tags, read, archived, snoozed, seen, data,
/// severity and a created range. Snoozed messages are hidden unless `snoozed=true` asks for them.
struct InboxFilter {
    var tags: [String] = []
    var read: Bool?
    var archived: Bool?
    var snoozed: Bool?
    var seen: Bool?
    var data: [String: JSON]?
    var severity: [String] = []
    var createdGte: Double?
    var createdLte: Double?

    /// Reads the filters from a query.
    /// - Throws: ``EngineError`` 400 for bad values and for `read=false` with `archived=true`.
    static func read(_ query: inout QueryReader) throws(EngineError) -> InboxFilter {
        var filter = InboxFilter()
        filter.tags = query.strings("tags")
        filter.read = query.bool("read")
        filter.archived = query.bool("archived")
        filter.snoozed = query.bool("snoozed")
        filter.seen = query.bool("seen")
        filter.severity = query.strings("severity")
        if let text = query.string("data") {
            guard let object = (try? JSON.parse(Array(text.utf8)))?.objectValue else { throw EngineError.validation(["data must be a valid JSON string"]) }
            filter.data = object
        }
        filter.createdGte = query.string("createdGte").flatMap(Double.init)
        filter.createdLte = query.string("createdLte").flatMap(Double.init)
        try filter.check()
        return filter
    }

    /// Reads one filter object of `count?filters=[…]` or a bulk body (`tags`, `data` as a JSON string or object).
    static func read(_ json: JSON) throws(EngineError) -> InboxFilter {
        var filter = InboxFilter()
        filter.tags = json["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        filter.read = json["read"]?.boolValue
        filter.archived = json["archived"]?.boolValue
        filter.snoozed = json["snoozed"]?.boolValue
        filter.seen = json["seen"]?.boolValue
        filter.severity = json["severity"]?.arrayValue?.compactMap(\.stringValue) ?? json["severity"]?.stringValue.map { [$0] } ?? []
        if let text = json["data"]?.stringValue {
            filter.data = (try? JSON.parse(Array(text.utf8)))?.objectValue
        } else {
            filter.data = json["data"]?.objectValue
        }
        try filter.check()
        return filter
    }

    private func check() throws(EngineError) {
        if read == false && archived == true {
            throw EngineError.badRequest("Filtering for unread and archived notifications is not supported.")
        }
    }

    /// The SQL conditions for the in-app live messages of `subscriberRowId`.
    func sql(subscriberRowId: String) -> SQLFilter {
        var filter = SQLFilter()
        filter.add("subscriberRowId = ?", subscriberRowId)
        filter.add("channel = ?", "in_app")
        filter.conditions.append("deleted = 0")
        if !tags.isEmpty {
            filter.conditions.append(
                "EXISTS (SELECT 1 FROM json_each(messages.tags) WHERE value IN (\(tags.map { _ in "?" }.joined(separator: ","))))")
            _ = filter.arguments.append(contentsOf: StatementArguments(tags))
        }
        if let read { filter.add("read = ?", read) }
        if let archived { filter.add("archived = ?", archived) }
        if let seen { filter.add("seen = ?", seen) }
        filter.conditions.append(snoozed == true ? "snoozedUntil IS NOT NULL" : "snoozedUntil IS NULL")
        if !severity.isEmpty {
            filter.conditions.append("severity IN (\(severity.map { _ in "?" }.joined(separator: ",")))")
            _ = filter.arguments.append(contentsOf: StatementArguments(severity))
        }
        for (key, value) in (data ?? [:]).sorted(by: { $0.key < $1.key }) {
            filter.add("json_extract(data, ?) = json_extract(?, '$')", "$.\"\(key)\"", JSONColumn.text(value))
        }
        if let createdGte { filter.add("createdAt >= ?", ISOTime.format(Date(timeIntervalSince1970: createdGte / 1000))) }
        if let createdLte { filter.add("createdAt <= ?", ISOTime.format(Date(timeIntervalSince1970: createdLte / 1000))) }
        return filter
    }

    /// The filter echoed in replies.
    var json: JSON {
        var members: [String: JSON] = [:]
        if !tags.isEmpty { members["tags"] = .array(tags.map(JSON.string)) }
        if let read { members["read"] = .bool(read) }
        if let archived { members["archived"] = .bool(archived) }
        if let snoozed { members["snoozed"] = .bool(snoozed) }
        if let seen { members["seen"] = .bool(seen) }
        if let data { members["data"] = .object(data) }
        if !severity.isEmpty { members["severity"] = .array(severity.map(JSON.string)) }
        return .object(members)
    }
}
