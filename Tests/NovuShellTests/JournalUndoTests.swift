import Foundation
import JSONCore
import NovuKit
import NovuShell
import NovuTesting
import Testing

/// Every kind of write that undo can restore, round-tripped: write, check the store changed,
/// undo from the journal, check the store is back.
@Suite(.timeLimit(.minutes(2)))
struct JournalUndoTests {
    @Test func undoOfASubscriberPatchRestoresItsFields() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1", firstName: "Ada")
        let session = fixture.session()
        try await fixture.call(session, "subscribers.patch", ["u1"], ["firstName": "Grace", "lastName": "Hopper"])
        #expect(await fixture.stored("u1")?["lastName"] == "Hopper")
        let id = try #require(session.journal.entries().last?.id)
        let outcome = try await Undo(session: session).undo(id: id)
        let stored = await fixture.stored("u1")
        #expect(stored?["firstName"] == "Ada")
        #expect(stored?["lastName"] == nil || stored?["lastName"] == .null)
        #expect(outcome.notRestored.isEmpty)
        #expect(session.journal.entries().last?.undoes == id, "the undo's own write is journaled")
        await session.connection.close()
    }

    @Test func aJournalRemovedMidSessionIsCreatedAgainForTheNextWrite() async throws {
        let fixture = try SafetyFixture()
        let session = fixture.session()
        try await fixture.call(session, "subscribers.create", [], ["subscriberId": "r1"])
        #expect(session.journal.entries().count == 1)
        try FileManager.default.removeItem(atPath: session.journal.path)
        try await fixture.call(session, "subscribers.create", [], ["subscriberId": "r2"])
        let entries = session.journal.entries()
        #expect(entries.count == 1)
        #expect(entries.first?.body?["subscriberId"] == "r2")
        await session.connection.close()
    }

    @Test func journaledWritesToNovushServeCarryTheirBeforeImageInOneRequest() async throws {
        let serve = try await ServeProcess.start(logsRequests: true)
        defer { serve.stop() }
        let fixture = try SafetyFixture()
        let profile = ResolvedProfile(name: "served", url: serve.baseURL, apiKey: serve.apiKey)
        let session = NovuSession(connection: NovuConnection(profile: profile), options: ShellOptions(), paths: fixture.paths)
        try await fixture.call(session, "subscribers.create", [], ["subscriberId": "u1", "lastName": "Zero"])
        try await fixture.call(session, "subscribers.patch", ["u1"], ["lastName": "One"])
        try await fixture.call(session, "subscribers.patch", ["u1"], ["lastName": "Two"])
        let entries = session.journal.entries()
        #expect(entries.count == 3)
        #expect(entries[0].before?.value == .null, "u1 did not exist before the create")
        #expect(entries[1].before?.value["lastName"] == "Zero")
        #expect(entries[2].before?.value["lastName"] == "One")
        // Only the first write read the subscriber with a request of its own: the server showed it
        // answers the header, and the patches carried their before-images.
        let log = serve.requestLog()
        #expect(log.filter { $0.hasPrefix("GET /v2/subscribers/u1 ") } == ["GET /v2/subscribers/u1 404"], "\(log)")
        #expect(log.filter { $0.hasPrefix("PATCH /v2/subscribers/u1 ") }.count == 2, "\(log)")
        _ = try await Undo(session: session).undo(id: entries[2].id)
        let restored = try await session.connection.client().call("subscribers.retrieve", ["u1"])
        #expect(restored.value?["lastName"] == "One")
        await session.connection.close()
    }

    @Test func undoOfASubscriberDeleteRecreatesItAndSaysMessagesAreGone() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1", firstName: "Ada", extra: ["data": ["plan": "pro"]])
        let session = fixture.session()
        try await fixture.call(session, "subscribers.delete", ["u1"])
        #expect(await fixture.stored("u1") == nil)
        let id = try #require(session.journal.entries().last?.id)
        let outcome = try await Undo(session: session).undo(id: id)
        let stored = await fixture.stored("u1")
        #expect(stored?["firstName"] == "Ada")
        #expect(stored?["email"] == "u1@example.com")
        #expect(stored?["data"]?["plan"] == "pro")
        #expect(outcome.notRestored.contains { $0.contains("messages") }, "\(outcome.text)")
        await session.connection.close()
    }

    @Test func undoOfACreateDeletesTheNewSubscriber() async throws {
        let fixture = try SafetyFixture()
        let session = fixture.session()
        try await fixture.call(session, "subscribers.create", [], ["subscriberId": "new1", "firstName": "Neu"])
        #expect(await fixture.stored("new1") != nil)
        let entry = try #require(session.journal.entries().last)
        #expect(entry.before?.value == .null)
        _ = try await Undo(session: session).undo(id: entry.id)
        #expect(await fixture.stored("new1") == nil)
        await session.connection.close()
    }

    @Test func undoOfACredentialsUpdateRestoresThePreviousTokens() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1")
        let setup = await fixture.harness.send(
            .put, "/v1/subscribers/u1/credentials",
            body: ["providerId": "fcm", "credentials": ["deviceTokens": ["old-token"]]])
        try #require(setup.status == 200, "\(String(describing: setup.json))")
        let session = fixture.session()
        try await fixture.call(
            session, "subscribers.credentials.update", ["u1"],
            ["providerId": "fcm", "credentials": ["deviceTokens": ["new-token"]]])
        func tokens() async -> JSON? {
            await fixture.stored("u1")?["channels"]?.arrayValue?.first { $0["providerId"] == "fcm" }?["credentials"]?["deviceTokens"]
        }
        #expect(await tokens() == ["new-token"])
        let id = try #require(session.journal.entries().last?.id)
        let outcome = try await Undo(session: session).undo(id: id)
        #expect(await tokens() == ["old-token"], "\(outcome.text)")
        await session.connection.close()
    }

    @Test func undoOfAPreferenceUpdateRestoresTheChannels() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1")
        try await fixture.workflow("Digest mail", steps: [SafetyFixture.email("Hello")])
        let session = fixture.session()
        func globalEmail() async -> JSON? {
            await fixture.harness.send(.get, "/v2/subscribers/u1/preferences").data?["global"]?["channels"]?["email"]
        }
        #expect(await globalEmail() == true)
        try await fixture.call(session, "subscribers.preferences.update", ["u1"], ["channels": ["email": false]])
        #expect(await globalEmail() == false)
        let entry = try #require(session.journal.entries().last)
        #expect(entry.before?.kind == .preferences)
        _ = try await Undo(session: session).undo(id: entry.id)
        #expect(await globalEmail() == true)
        await session.connection.close()
    }

    @Test func undoOfMarkAllReadRestoresEachMessageState() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1")
        let workflow = try await fixture.workflow("Inbox", steps: [SafetyFixture.inApp("Hi")])
        try await fixture.trigger(workflow, to: "u1", transactionId: "t1")
        try await fixture.trigger(workflow, to: "u1", transactionId: "t2")
        let before = await fixture.messageStates("u1")
        try #require(before.count == 2)
        #expect(before.values.allSatisfy { $0 == [false, false, false] })
        let session = fixture.session()
        try await fixture.call(session, "subscribers.messages.mark_all", ["u1"], ["markAs": "read"])
        #expect(await fixture.messageStates("u1").values.allSatisfy { $0[1] })
        let id = try #require(session.journal.entries().last?.id)
        _ = try await Undo(session: session).undo(id: id)
        #expect(await fixture.messageStates("u1") == before)
        await session.connection.close()
    }

    @Test func undoOfAMessageDeleteSaysItCannotRestore() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1")
        let workflow = try await fixture.workflow("Inbox", steps: [SafetyFixture.inApp("Hi")])
        try await fixture.trigger(workflow, to: "u1", transactionId: "t1")
        let messageId = try #require(await fixture.messageStates("u1").keys.first)
        let session = fixture.session()
        try await fixture.call(session, "messages.delete", [messageId])
        let id = try #require(session.journal.entries().last?.id)
        let outcome = try await Undo(session: session).undo(id: id)
        #expect(outcome.restored.isEmpty)
        #expect(outcome.notRestored.first?.contains("DELETE /v1/messages/\(messageId)") == true)
        await session.connection.close()
    }
}
