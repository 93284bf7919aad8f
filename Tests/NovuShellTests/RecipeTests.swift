import NovuEngine
import NovuKit
import Foundation
import JSONCore
import NovuTesting
import Testing

/// The support scripts of `Scripts/examples/`, each run by the built `novush` against a seeded
/// store, with the resulting state checked through the engine.
@Suite(.timeLimit(.minutes(3)), .enabled(if: NovushBinary.exists, "the novush binary is not built"))
struct RecipeTests {
    /// `Scripts/examples/` of this checkout.
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scripts/examples")

    private func recipe(_ fixture: SafetyFixture, _ name: String, _ arguments: [String]) async throws -> ProcessResult {
        let script = Self.examples.appendingPathComponent(name).path
        let result = try await ProcessResult.run(
            NovushBinary.url, arguments: ["--store", fixture.harness.path, "--norc", script] + arguments,
            environment: fixture.home.environment(), timeout: 90)
        #expect(result.status == 0, "\(name) failed: \(result.stderr)")
        return result
    }

    private func write(_ text: String, in fixture: SafetyFixture, as name: String) throws -> String {
        let url = fixture.home.url.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func markAllReadLeavesNoUnreadMessage() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1")
        let workflow = try await fixture.workflow("Inbox", steps: [SafetyFixture.inApp("Hi")])
        for n in 1...3 { try await fixture.trigger(workflow, to: "u1", transactionId: "t\(n)") }
        try #require(await fixture.messageStates("u1").count == 3)
        let result = try await recipe(fixture, "mark-all-read.lua", ["u1"])
        #expect(result.stdout.contains("unseen 3 -> 0"), "\(result.stdout)")
        #expect(await fixture.messageStates("u1").values.allSatisfy { $0[0] && $0[1] })
    }

    @Test func importSubscribersCreatesPatchesAndReportsBadRowsByLine() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("old", firstName: "Before")
        let file = try write(
            """
            subscriberId,email,firstName,lastName
            new1,new1@example.com,Neu,Eins
            old,old@example.com,After,
            ,nobody@example.com,No,Id
            bad,not-an-email,Bad,Mail
            """, in: fixture, as: "people.csv")
        let result = try await recipe(fixture, "import-subscribers.lua", [file])
        #expect(await fixture.stored("new1")?["firstName"] == "Neu")
        #expect(await fixture.stored("old")?["firstName"] == "After")
        #expect(await fixture.stored("bad") == nil)
        #expect(result.stdout.contains("imported 2 row(s), 2 failed"), "\(result.stdout)")
        #expect(result.stdout.contains("line 4 (?): subscriberId is empty"), "\(result.stdout)")
        #expect(result.stdout.contains("line 5 (bad):"), "\(result.stdout)")
    }

    @Test func fixEmailDomainChangesOnlyThatDomain() async throws {
        let fixture = try SafetyFixture()
        for id in ["a", "b"] {
            try await fixture.subscriber(id, extra: ["email": .string("\(id)@example.de")])
        }
        try await fixture.subscriber("c", extra: ["email": "c@example.com"])
        _ = try await recipe(fixture, "fix-email-domain.lua", ["example.de", "locale", "de-DE"])
        #expect(await fixture.stored("a")?["locale"] == "de-DE")
        #expect(await fixture.stored("b")?["locale"] == "de-DE")
        #expect(await fixture.stored("c")?["locale"] == nil)
    }

    @Test func resendUnreadTriggersOnlyForSubscribersWhoDidNotRead() async throws {
        let fixture = try SafetyFixture()
        for id in ["r1", "u1", "u2"] { try await fixture.subscriber(id) }
        let workflow = try await fixture.workflow("News", steps: [SafetyFixture.inApp("News")])
        let trigger = await fixture.harness.send(
            .post, "/v1/events/trigger",
            body: ["name": .string(workflow), "to": ["r1", "u1", "u2"], "payload": [:], "transactionId": "news-1"])
        try #require(trigger.status == 201)
        for _ in 0..<5 { _ = try await fixture.harness.engine.worker.runDue() }
        let read = await fixture.harness.send(.post, "/v1/subscribers/r1/messages/mark-all", body: ["markAs": "read"])
        try #require(read.status == 201)
        let result = try await recipe(fixture, "resend-unread.lua", ["news-1"])
        #expect(result.stdout.contains("to 2 subscriber(s)"), "\(result.stdout)")
        // The new trigger is delivered by the shell's worker or this one; wait for both messages.
        for _ in 0..<50 {
            _ = try await fixture.harness.engine.worker.runDue()
            if await fixture.messageStates("u2").count == 2 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(await fixture.messageStates("r1").count == 1)
        #expect(await fixture.messageStates("u1").count == 2)
        #expect(await fixture.messageStates("u2").count == 2)
    }

    @Test func unsubscribeEmailTurnsOffOnlyThatWorkflowsEmail() async throws {
        let fixture = try SafetyFixture()
        for id in ["u1", "u2", "u3"] { try await fixture.subscriber(id) }
        let workflow = try await fixture.workflow("Digest", steps: [SafetyFixture.email("Weekly"), SafetyFixture.inApp("Hi")])
        let list = try write("u1\n# a comment\nu2\n", in: fixture, as: "ids.txt")
        _ = try await recipe(fixture, "unsubscribe-email.lua", [workflow, list])
        func channels(_ id: String) async -> JSON? {
            let preferences = await fixture.harness.send(.get, "/v2/subscribers/\(id)/preferences").data
            return preferences?["workflows"]?.arrayValue?.first { $0["workflow"]?["identifier"]?.stringValue == workflow }?["channels"]
        }
        #expect(await channels("u1")?["email"] == false)
        #expect(await channels("u1")?["in_app"] == true)
        #expect(await channels("u2")?["email"] == false)
        #expect(await channels("u3")?["email"] == true)
    }

    @Test func exportFeedWritesOneRowPerMessage() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1")
        let workflow = try await fixture.workflow("Inbox", steps: [SafetyFixture.inApp("Hello, \"friend\"")])
        for n in 1...3 { try await fixture.trigger(workflow, to: "u1", transactionId: "t\(n)") }
        let out = fixture.home.url.appendingPathComponent("feed.csv").path
        _ = try await recipe(fixture, "export-feed.lua", ["u1", out])
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.first == "_id,createdAt,transactionId,workflow,seen,read,archived,content")
        #expect(lines.count == 4, "\(text)")
        #expect(text.contains(#""Hello, ""friend""""#))
    }
}
