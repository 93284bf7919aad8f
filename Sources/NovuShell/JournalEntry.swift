import Foundation
public import JSONCore
import NovuKit

/// One write that was sent, as the journal keeps it (one JSON object a line).
public struct JournalEntry: Sendable, Hashable {
    /// A short id to name the entry in `novush undo ID`.
    public var id: String
    /// When the write was sent (ISO 8601, UTC).
    public var time: String
    /// The profile it was sent on.
    public var profile: String
    /// The catalogue operation (`subscribers.patch`), or `request` for a raw request.
    public var operation: String
    /// The HTTP method.
    public var method: String
    /// The path, with the query string when there was one.
    public var route: String
    /// The request body with secrets redacted, or `nil` for none.
    public var body: JSON?
    /// The answer's status, or `nil` when no answer came.
    public var status: Int?
    /// What the write changed, as it was before (see ``BeforeImage``), or `nil`.
    public var before: BeforeImage?
    /// The id of the entry this write undid, for writes made by `undo`.
    public var undoes: String?

    /// The entry as one JSON object.
    public var json: JSON {
        var members: [String: JSON] = [
            "id": .string(id), "time": .string(time), "profile": .string(profile), "operation": .string(operation),
            "method": .string(method), "route": .string(route),
        ]
        if let body { members["body"] = body }
        if let status { members["status"] = .int(Int64(status)) }
        if let before { members["before"] = before.json }
        if let undoes { members["undoes"] = .string(undoes) }
        return .object(members)
    }

    /// Reads an entry back; `nil` when a required member is missing.
    public init?(json: JSON) {
        guard let id = json["id"]?.stringValue, let route = json["route"]?.stringValue,
            let method = json["method"]?.stringValue
        else { return nil }
        self.id = id
        self.time = json["time"]?.stringValue ?? ""
        self.profile = json["profile"]?.stringValue ?? ""
        self.operation = json["operation"]?.stringValue ?? "request"
        self.method = method
        self.route = route
        self.body = json["body"]
        self.status = json["status"]?.intValue.map(Int.init)
        self.before = json["before"].flatMap(BeforeImage.init(json:))
        self.undoes = json["undoes"]?.stringValue
    }

    /// Creates an entry stamped now with a fresh id.
    init(profile: String, operation: String, method: String, route: String, body: JSON?, status: Int?,
         before: BeforeImage?) {
        // 48 random bits: a journal of a million writes has two equal ids with a chance of about 0.2%
        // (32 bits gave 1% at ten thousand); a unique prefix is enough to name one.
        let hex = String(FastRandom.next() & 0xFFFF_FFFF_FFFF, radix: 16)
        self.id = String(repeating: "0", count: 12 - hex.count) + hex
        self.time = ISOTime.format(Date())
        self.profile = profile
        self.operation = operation
        self.method = method
        self.route = route
        self.body = body
        self.status = status
        self.before = before
    }

    /// One line for `novush journal`: id, time, status, method, route and what undo can do.
    public var summary: String {
        let statusText = status.map(String.init) ?? "---"
        var line = "\(id)  \(time)  \(statusText)  \(method) \(route)"
        if let undoes { line += "  (undo of \(undoes))" } else if before != nil { line += "  [undoable]" }
        return line
    }
}
