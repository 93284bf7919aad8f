import NovuEngine
import NovuKit
import Foundation
import JSONCore
import NovuShell
import NovuTesting
import Testing

/// Profiles and safety through the built `novush` binary: protected profiles in batch, whoami,
/// explain, `novush journal` and `novush undo`, dry-run, and the prompt text.
@Suite(.timeLimit(.minutes(3)), .enabled(if: NovushBinary.exists, "the novush binary is not built"))
struct SessionCommandTests {
    /// Writes config.toml with a protected profile `prod` on the fixture's store.
    private func protectedConfig(_ fixture: SafetyFixture) throws {
        let directory = fixture.home.configHome.appendingPathComponent("novush")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = """
            [profiles.prod]
            store = "\(fixture.harness.path)"
            protected = true
            """
        try Data(config.utf8).write(to: directory.appendingPathComponent("config.toml"))
    }

    private func novush(_ fixture: SafetyFixture, _ arguments: [String], input: String = "") async throws
        -> ProcessResult
    {
        try await ProcessResult.run(
            NovushBinary.url, arguments: arguments, input: input, environment: fixture.home.environment(), timeout: 60)
    }

    @Test func protectedProfileRefusesAWriteInBatchWithoutYes() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1", firstName: "Ada")
        try protectedConfig(fixture)
        let script = #"novu.subscribers.patch("u1", {firstName = "Grace"})"#
        let refused = try await novush(fixture, ["--profile", "prod", "--norc", "-e", script])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("protected") && refused.stderr.contains("--yes"), "\(refused.stderr)")
        #expect(await fixture.stored("u1")?["firstName"] == "Ada")
        let piped = try await novush(fixture, ["--profile", "prod", "--norc"], input: script + "\n")
        #expect(piped.stderr.contains("--yes"), "piped stdin is batch too: \(piped.stderr)")
        #expect(await fixture.stored("u1")?["firstName"] == "Ada")
        let allowed = try await novush(fixture, ["--profile", "prod", "--norc", "--yes", "-e", script])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(await fixture.stored("u1")?["firstName"] == "Grace")
    }

    @Test func dryRunPrintsThePlanAndLeavesTheStoreUnchanged() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1", firstName: "Ada")
        let script = #"""
            local s = novu.subscribers.retrieve("u1")
            print("read " .. s.firstName)
            novu.subscribers.patch("u1", {firstName = "Grace"})
            novu.subscribers.delete("u1")
            """#
        let result = try await novush(fixture, ["--store", fixture.harness.path, "--norc", "--dry-run", "-e", script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("read Ada"), "reads go through under --dry-run")
        #expect(result.stderr.contains(#"PATCH /v2/subscribers/u1 {"firstName":"Grace"}"#))
        #expect(result.stderr.contains("dry-run: 2 write(s) not sent"))
        #expect(await fixture.stored("u1")?["firstName"] == "Ada")
    }

    @Test func whoamiTellsTheProfileAndStoreButNeverTheKey() async throws {
        let fixture = try SafetyFixture()
        try protectedConfig(fixture)
        let script = #"local w = novu.whoami() print(w.profile, w.place, w.store, w.protected, w.environment)"#
        let result = try await novush(fixture, ["--profile", "prod", "--norc", "-e", script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "prod\tlocal\t\(fixture.harness.path)\ttrue\tDevelopment\n")
    }

    @Test func explainShowsASentStepAndAFilteredStepWithItsReason() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1")
        let workflow = try await fixture.workflow(
            "Welcome", steps: [SafetyFixture.inApp("Hi"), SafetyFixture.email("Hello")])
        let patch = await fixture.harness.send(
            .patch, "/v2/subscribers/u1/preferences", body: ["channels": ["email": false]])
        try #require(patch.status == 200, "\(String(describing: patch.json))")
        try await fixture.trigger(workflow, to: "u1", transactionId: "txn-explain")
        let result = try await novush(
            fixture, ["--store", fixture.harness.path, "--norc", "-e", #"novu.explain("txn-explain")"#])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("subscriber u1 · workflow Welcome") == true, "\(result.stdout)")
        let inApp = try #require(lines.first { $0.contains(". in_app") }, "\(result.stdout)")
        #expect(inApp.lowercased().contains("success"))
        let email = try #require(lines.first { $0.contains(". email") }, "\(result.stdout)")
        #expect(email.contains("filtered") && email.lowercased().contains("preference"), "\(email)")
    }

    @Test func journalSubcommandListsWritesAndUndoSubcommandRestores() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1", firstName: "Ada")
        let store = fixture.harness.path
        let write = try await novush(
            fixture, ["--store", store, "--norc", "-e", #"novu.subscribers.patch("u1", {firstName = "Grace"})"#])
        #expect(write.status == 0, "\(write.stderr)")
        #expect(await fixture.stored("u1")?["firstName"] == "Grace")
        let journal = try await novush(fixture, ["journal", "--store", store])
        let line = try #require(journal.stdout.split(separator: "\n").first.map(String.init), "\(journal.stderr)")
        #expect(line.contains("200  PATCH /v2/subscribers/u1"))
        let id = String(line.prefix { $0 != " " })
        let undo = try await novush(fixture, ["undo", id, "--store", store])
        #expect(undo.status == 0, "\(undo.stderr)")
        #expect(undo.stdout.contains("restored: subscriber u1: firstName"))
        #expect(await fixture.stored("u1")?["firstName"] == "Ada")
        let unknown = try await novush(fixture, ["undo", "nosuchid", "--store", store])
        #expect(unknown.status == 1 && unknown.stderr.contains("no journal entry nosuchid"))
    }

    @Test(arguments: [
        ("local", "local", false, false, "novu[local]> "),
        ("prod", "eu", false, false, "novu[prod eu]> "),
        ("prod", "eu", true, false, "novu[prod eu]> "),
        ("prod", "eu", true, true, "\u{1}\u{1B}[1;31m\u{1}novu[prod eu]>\u{1}\u{1B}[0m\u{1} "),
        ("dev", "local", true, true, "\u{1}\u{1B}[1;31m\u{1}novu[dev local]>\u{1}\u{1B}[0m\u{1} "),
    ])
    func promptNamesProfileAndPlaceAndIsRedOnlyWhenProtectedOnATerminal(
        profile: String, place: String, isProtected: Bool, colors: Bool, expected: String
    ) {
        #expect(Prompt.primary(profile: profile, place: place, isProtected: isProtected, colors: colors) == expected)
    }
}
