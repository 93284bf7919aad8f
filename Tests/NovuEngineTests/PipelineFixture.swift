import Foundation
import JSONCore
import NovuEngine
import NovuKit
import NovuTesting
import Testing

/// An engine on a real file with a manual clock, plus helpers to make v1 workflows and run the worker.
struct PipelineFixture {
    let clock = ManualClock()
    let harness: EngineHarness

    init() throws { harness = try EngineHarness(clock: clock) }

    /// Creates an active v1 workflow named `name` (trigger identifier = slug) with `steps`.
    @discardableResult
    func workflow(_ name: String, steps: [JSON], critical: Bool = false) async throws -> String {
        let group = await harness.send(.get, "/v1/notification-groups").data?[0]?["_id"] ?? .null
        let reply = await harness.send(
            .post, "/v1/workflows",
            body: ["name": .string(name), "notificationGroupId": group, "active": true, "critical": .bool(critical), "steps": .array(steps)])
        try #require(reply.status == 201, "workflow: \(reply.json.map { "\($0)" } ?? "")")
        return try #require(reply.data?["_id"]?.stringValue)
    }

    /// A subscriber with a first name, email and phone.
    func subscriber(_ id: String, firstName: String = "Ada") async {
        _ = await harness.send(
            .post, "/v1/subscribers",
            body: ["subscriberId": .string(id), "firstName": .string(firstName), "email": .string("\(id)@example.com"), "phone": "+15550100"])
    }

    func trigger(_ name: String, to: JSON, payload: JSON = [:], extra: [String: JSON] = [:]) async -> EngineReply {
        var body: [String: JSON] = ["name": .string(name), "to": to, "payload": payload]
        for (key, value) in extra { body[key] = value }
        return await harness.send(.post, "/v1/events/trigger", body: .object(body))
    }

    /// Runs every due job now.
    @discardableResult
    func run() async throws -> Int { try await harness.engine.worker.runDue() }

    /// Moves the clock and runs what became due.
    func advance(_ seconds: TimeInterval) async throws {
        clock.advance(by: seconds)
        try await run()
    }

    func feed(_ subscriberId: String, query: [(String, String)] = []) async -> EngineReply {
        await harness.send(.get, "/v1/subscribers/\(subscriberId)/notifications/feed", query: query)
    }

    func messages(_ query: [(String, String)] = []) async -> [JSON] {
        await harness.send(.get, "/v1/messages", query: query + [("limit", "1000")]).data?.arrayValue ?? []
    }

    /// The execution-detail texts of subscriber `subscriberId` for transaction `transactionId`.
    func details(_ subscriberId: String, transactionId: String) async -> [String] {
        let list = await harness.send(.get, "/v1/notifications", query: [("transactionId", transactionId), ("subscriberIds", subscriberId)])
        guard let id = list.data?[0]?["_id"]?.stringValue else { return [] }
        let details = await harness.send(.get, "/v1/execution-details", query: [("notificationId", id), ("subscriberId", subscriberId)])
        return details.data?.arrayValue?.compactMap { $0["detail"]?.stringValue } ?? []
    }
}

extension JSON {
    static func inApp(_ content: String, filters: JSON = []) -> JSON {
        ["template": ["type": "in_app", "content": .string(content)], "filters": filters]
    }

    static func email(_ subject: String, content: String = "Body") -> JSON {
        ["template": ["type": "email", "subject": .string(subject), "content": .string(content)]]
    }

    static func delay(_ amount: Int64, _ unit: String = "minutes") -> JSON {
        ["template": ["type": "delay"], "metadata": ["type": "regular", "amount": .int(amount), "unit": .string(unit)]]
    }

    static func digest(_ amount: Int64, key: String? = nil, backoff: Bool = false) -> JSON {
        var metadata: [String: JSON] = ["type": backoff ? "backoff" : "regular", "amount": .int(amount), "unit": "minutes"]
        if let key { metadata["digestKey"] = .string(key) }
        if backoff {
            metadata["backoff"] = true
            metadata["backoffAmount"] = 5
            metadata["backoffUnit"] = "minutes"
        }
        return ["template": ["type": "digest"], "metadata": .object(metadata)]
    }
}
