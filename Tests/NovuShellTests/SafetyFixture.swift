import Foundation
import JSONCore
import NovuEngine
import NovuKit
import NovuShell
import NovuTesting
import Testing

/// A store seeded through an in-process engine, a temporary home, and a ``NovuSession`` on that
/// store: what the write-guard, journal and undo tests share.
final class SafetyFixture: Sendable {
    let harness: EngineHarness
    let home: TemporaryHome
    var paths: ShellPaths { ShellPaths(environment: home.environment()) }

    init() throws {
        harness = try EngineHarness()
        home = try TemporaryHome()
    }

    // The journal is written in the background: its last lines must land before the home goes.
    deinit { Journal.waitForPendingEntries() }

    /// A session on the store, as profile `name` (protected or not).
    func session(
        name: String = "test", isProtected: Bool = false, dryRun: Bool = false, assumeYes: Bool = false
    ) -> NovuSession {
        var options = ShellOptions()
        options.dryRun = dryRun
        options.assumeYes = assumeYes
        let profile = ResolvedProfile(name: name, storePath: harness.path, isProtected: isProtected)
        return NovuSession(connection: NovuConnection(profile: profile), options: options, paths: paths)
    }

    /// Calls a catalogue operation through `session.perform`.
    @discardableResult
    func call(_ session: NovuSession, _ name: String, _ arguments: [String] = [], _ fields: [String: JSON] = [:])
        async throws -> NovuResponse
    {
        let operation = try #require(OperationCatalogue.operation(named: name))
        return try await session.perform(operation, arguments: arguments, fields: fields)
    }

    /// A subscriber created on the server side.
    func subscriber(_ id: String, firstName: String = "Ada", extra: [String: JSON] = [:]) async throws {
        var body: [String: JSON] = [
            "subscriberId": .string(id), "firstName": .string(firstName), "email": .string("\(id)@example.com"),
        ]
        body.merge(extra) { $1 }
        let reply = await harness.send(.post, "/v1/subscribers", body: .object(body))
        try #require(reply.status == 201, "subscriber: \(String(describing: reply.json))")
    }

    /// The subscriber as the server has it, or nil.
    func stored(_ id: String) async -> JSON? {
        let reply = await harness.send(.get, "/v1/subscribers/\(id)")
        return reply.status == 200 ? reply.data : nil
    }

    /// An active v1 workflow with `steps`; returns its trigger identifier.
    @discardableResult
    func workflow(_ name: String, steps: [JSON]) async throws -> String {
        let group = await harness.send(.get, "/v1/notification-groups").data?[0]?["_id"] ?? .null
        let reply = await harness.send(
            .post, "/v1/workflows",
            body: ["name": .string(name), "notificationGroupId": group, "active": true, "steps": .array(steps)])
        try #require(reply.status == 201, "workflow: \(String(describing: reply.json))")
        return try #require(reply.data?["triggers"]?[0]?["identifier"]?.stringValue)
    }

    /// Triggers `workflow` for `subscriberId` and runs the worker until the jobs are done.
    func trigger(_ workflow: String, to subscriberId: String, transactionId: String) async throws {
        let reply = await harness.send(
            .post, "/v1/events/trigger",
            body: ["name": .string(workflow), "to": .string(subscriberId), "payload": [:],
                   "transactionId": .string(transactionId)])
        try #require(reply.status == 201, "trigger: \(String(describing: reply.json))")
        for _ in 0..<5 { _ = try await harness.engine.worker.runDue() }
    }

    /// `{seen, read, archived}` of the subscriber's in-app messages, by id.
    func messageStates(_ subscriberId: String) async -> [String: [Bool]] {
        let reply = await harness.send(
            .get, "/v1/messages", query: [("subscriberId", subscriberId), ("channel", "in_app"), ("limit", "1000")])
        var states: [String: [Bool]] = [:]
        for message in reply.data?.arrayValue ?? [] {
            guard let id = message["_id"]?.stringValue else { continue }
            states[id] = ["seen", "read", "archived"].map { message[$0]?.boolValue ?? false }
        }
        return states
    }

    static func inApp(_ content: String) -> JSON {
        ["template": ["type": "in_app", "content": .string(content)]]
    }

    static func email(_ subject: String) -> JSON {
        ["template": ["type": "email", "subject": .string(subject), "content": "Body"]]
    }
}
