import Foundation
import JSONCore
import NovuKit
import NovuShell
import NovuTesting
import Synchronization
import Testing

/// The write guard of ``NovuSession``: dry-run, protected profiles, confirmation and the journal,
/// checked on the server side (the store) rather than by what the shell says.
@Suite(.timeLimit(.minutes(2)))
struct WriteGuardTests {
    @Test func dryRunSendsNoWriteAndStillSendsReads() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1", firstName: "Ada")
        let session = fixture.session(dryRun: true)
        let read = try await fixture.call(session, "subscribers.retrieve", ["u1"])
        #expect(read.value?["firstName"] == "Ada")
        let result = try await fixture.call(session, "subscribers.patch", ["u1"], ["firstName": "Grace"])
        #expect(result.value?["dryRun"] == true)
        #expect(result.value?["method"] == "PATCH")
        try await fixture.call(session, "subscribers.delete", ["u1"])
        let stored = await fixture.stored("u1")
        #expect(stored?["firstName"] == "Ada", "a dry-run write reached the store")
        #expect(session.plannedWrites.count == 2)
        #expect(session.plannedWrites.first?.hasPrefix("PATCH /v2/subscribers/u1") == true)
        #expect(session.journal.entries().isEmpty, "dry-run writes must not be journaled")
        await session.connection.close()
    }

    @Test func protectedProfileRefusesWritesInBatchWithoutYes() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1")
        let session = fixture.session(name: "prod", isProtected: true)
        await #expect {
            try await fixture.call(session, "subscribers.patch", ["u1"], ["firstName": "Grace"])
        } throws: { error in
            "\(error)".contains("--yes") && "\(error)".contains("prod")
        }
        #expect(await fixture.stored("u1")?["firstName"] == "Ada")
        // Reads are never refused.
        #expect(try await fixture.call(session, "subscribers.retrieve", ["u1"]).value?["subscriberId"] == "u1")
        await session.connection.close()
    }

    @Test func protectedProfileSendsWritesWithYes() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1")
        let session = fixture.session(name: "prod", isProtected: true, assumeYes: true)
        try await fixture.call(session, "subscribers.patch", ["u1"], ["firstName": "Grace"])
        #expect(await fixture.stored("u1")?["firstName"] == "Grace")
        await session.connection.close()
    }

    @Test func confirmationShowsTheRequestAndOnlyYesSends() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1")
        let session = fixture.session(name: "prod", isProtected: true)
        let asked = Mutex<[String]>([])
        let answers = Mutex([false, true])
        session.setConfirmer { request, profile in
            asked.withLock { $0.append("\(profile): \(request)") }
            return answers.withLock { $0.removeFirst() }
        }
        await #expect(throws: NovuClientError.self) {
            try await fixture.call(session, "subscribers.patch", ["u1"], ["firstName": "Grace"])
        }
        #expect(await fixture.stored("u1")?["firstName"] == "Ada")
        try await fixture.call(session, "subscribers.patch", ["u1"], ["firstName": "Grace"])
        #expect(await fixture.stored("u1")?["firstName"] == "Grace")
        let questions = asked.withLock { $0 }
        #expect(questions.count == 2)
        #expect(questions.first == #"prod: PATCH /v2/subscribers/u1 {"firstName":"Grace"}"#)
        await session.connection.close()
    }

    @Test func journalKeepsSentWritesWithRedactedSecretsAndTheBeforeImage() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1", firstName: "Ada")
        let session = fixture.session(name: "dev")
        try await fixture.call(session, "subscribers.patch", ["u1"], ["firstName": "Grace"])
        try await fixture.call(
            session, "subscribers.credentials.update", ["u1"],
            ["providerId": "slack", "credentials": ["webhookUrl": "https://hooks.slack.test/T0/SECRETHOOK"]])
        let entries = session.journal.entries()
        try #require(entries.count == 2)
        #expect(entries[0].method == "PATCH" && entries[0].route == "/v2/subscribers/u1")
        #expect(entries[0].status == 200)
        #expect(entries[0].profile == "dev")
        #expect(entries[0].before?.kind == .subscriber)
        #expect(entries[0].before?.value["firstName"] == "Ada")
        #expect(entries[1].body?["credentials"]?["webhookUrl"] == "[redacted]")
        let file = try String(contentsOfFile: session.journal.path, encoding: .utf8)
        #expect(!file.contains("SECRETHOOK"), "a webhook URL reached the journal")
        #expect(session.journal.path.hasSuffix("/novush/journal-dev.jsonl"))
        await session.connection.close()
    }

    @Test(arguments: [
        ("apiKey", true), ("secretKey", true), ("token", true), ("password", true), ("key", true),
        ("topicKey", false), ("firstName", false), ("deviceTokens", false),
    ])
    func redactionBlanksSecretLookingFields(name: String, redacted: Bool) {
        let result = Redaction.redact(.object([name: "value"]))
        #expect((result[name] == "[redacted]") == redacted)
    }
}
