import JSONCore
import NovuEngine
import NovuKit
import NovuTesting
import Testing

struct IntegrationServiceTests {
    @Test func newStoreHasAnActiveIntegrationPerChannel() async throws {
        let harness = try EngineHarness()
        let reply = await harness.send(.get, "/v1/integrations")
        let providers = reply.data?.arrayValue?.compactMap { $0["providerId"]?.stringValue } ?? []
        #expect(Set(providers) == ["novu", "novu-email", "novu-sms", "slack", "discord", "msteams", "fcm", "apns", "expo"])
        #expect(reply.data?.arrayValue?.allSatisfy { $0["active"] == true } == true)
    }

    @Test func deactivatingAnIntegrationBlocksItsCredentials() async throws {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v1/subscribers", body: ["subscriberId": "u1"])
        let slack = await harness.send(.get, "/v1/integrations").data?.arrayValue?.first { $0["providerId"] == "slack" }
        let id = try #require(slack?["_id"]?.stringValue)
        let updated = await harness.send(.put, "/v1/integrations/\(id)", body: ["active": false])
        #expect(updated.data?["active"] == false)
        let refused = await harness.send(.put, "/v1/subscribers/u1/credentials", body: ["providerId": "slack", "credentials": ["webhookUrl": "https://x"]])
        #expect(refused.status == 400)
    }

    @Test func createSetPrimaryAndDelete() async throws {
        let harness = try EngineHarness()
        let created = await harness.send(
            .post, "/v1/integrations", body: ["providerId": "sendgrid", "channel": "email", "active": true, "credentials": ["apiKey": "k"]])
        #expect(created.status == 201)
        #expect(created.data?["identifier"] == "sendgrid")
        let id = try #require(created.data?["_id"]?.stringValue)
        let primary = await harness.send(.post, "/v1/integrations/\(id)/set-primary")
        #expect(primary.data?["primary"] == true)
        let emails = await harness.send(.get, "/v1/integrations").data?.arrayValue?.filter { $0["channel"] == "email" } ?? []
        #expect(emails.filter { $0["primary"] == true }.count == 1)
        let remaining = await harness.send(.delete, "/v1/integrations/\(id)")
        #expect(remaining.data?.arrayValue?.contains { $0["_id"] == .string(id) } == false)
        #expect(await harness.send(.put, "/v1/integrations/\(id)", body: ["active": true]).status == 404)
        let invalid = await harness.send(.post, "/v1/integrations", body: ["providerId": "x", "channel": "fax"])
        #expect(invalid.messages.first?.hasPrefix("channel must be one of the following values") == true)
    }
}
