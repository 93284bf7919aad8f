import Foundation
import JSONCore
import NovuTesting
import Testing

/// Confirmation before a write on a protected profile, answered through a real terminal (tmux).
@Suite(
    .serialized, .timeLimit(.minutes(3)),
    .enabled(if: TerminalSession.isAvailable && NovushBinary.exists, "needs tmux and the novush binary")
)
struct ConfirmationTerminalTests {
    @Test func protectedProfileAsksBeforeAWriteAndOnlyYesSendsIt() async throws {
        let fixture = try SafetyFixture()
        try await fixture.subscriber("u1", firstName: "Ada")
        let directory = fixture.home.configHome.appendingPathComponent("novush")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("[profiles.prod]\nstore = \"\(fixture.harness.path)\"\nprotected = true\n".utf8)
            .write(to: directory.appendingPathComponent("config.toml"))
        let terminal = try TerminalSession(
            command: [NovushBinary.url.path, "--profile", "prod", "--norc"], environment: fixture.home.environment(),
            directory: fixture.home.url)
        defer { terminal.close() }
        try await terminal.waitFor("novu[prod local]>")

        terminal.typeLine(#"novu.subscribers.patch("u1", {firstName = "Grace"})"#)
        try await terminal.waitFor("[y/N]")
        #expect(terminal.screen().contains(#"PATCH /v2/subscribers/u1 {"firstName":"Grace"}"#))
        terminal.typeLine("n")
        try await terminal.waitFor("declined")
        try await terminal.waitFor("novu[prod local]>", count: 2)
        #expect(await fixture.stored("u1")?["firstName"] == "Ada")

        terminal.typeLine(#"novu.subscribers.patch("u1", {firstName = "Grace"})"#)
        try await terminal.waitFor("[y/N]", count: 2)
        terminal.typeLine("y")
        try await terminal.waitFor("novu[prod local]>", count: 3)
        #expect(await fixture.stored("u1")?["firstName"] == "Grace")
        #expect(terminal.exitStatus() == nil)
    }
}
