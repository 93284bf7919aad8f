import JSONCore
import NovuEngine
import NovuKit
import NovuTesting
import Testing

struct CredentialServiceTests {
    private func makeSubscriber() async throws -> EngineHarness {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v1/subscribers", body: ["subscriberId": "u1"])
        return harness
    }

    @Test func putStoresProviderAndWebhookUrl() async throws {
        let harness = try await makeSubscriber()
        let reply = await harness.send(
            .put, "/v1/subscribers/u1/credentials",
            body: ["providerId": "slack", "credentials": ["webhookUrl": "https://hooks.example/1"]])
        #expect(reply.status == 200)
        let channel = try #require(reply.data?["channels"]?[0])
        #expect(channel["providerId"] == "slack")
        #expect(channel["credentials"]?["webhookUrl"] == "https://hooks.example/1")
        #expect(channel["_integrationId"]?.stringValue?.count == 24)
    }

    @Test func putReplacesDeviceTokensAndPatchAppendsWithoutDuplicates() async throws {
        let harness = try await makeSubscriber()
        _ = await harness.send(.put, "/v1/subscribers/u1/credentials", body: ["providerId": "fcm", "credentials": ["deviceTokens": ["a", "b"]]])
        let appended = await harness.send(
            .patch, "/v1/subscribers/u1/credentials", body: ["providerId": "fcm", "credentials": ["deviceTokens": ["b", "c"]]])
        #expect(appended.data?["channels"]?[0]?["credentials"]?["deviceTokens"] == ["a", "b", "c"])
        let replaced = await harness.send(
            .put, "/v1/subscribers/u1/credentials", body: ["providerId": "fcm", "credentials": ["deviceTokens": ["z", "z"]]])
        #expect(replaced.data?["channels"]?[0]?["credentials"]?["deviceTokens"] == ["z"])
        #expect(replaced.data?["channels"]?.arrayValue?.count == 1)
    }

    @Test func deleteRemovesEveryEntryOfTheProvider() async throws {
        let harness = try await makeSubscriber()
        _ = await harness.send(.put, "/v1/subscribers/u1/credentials", body: ["providerId": "fcm", "credentials": ["deviceTokens": ["a"]]])
        _ = await harness.send(.put, "/v1/subscribers/u1/credentials", body: ["providerId": "slack", "credentials": ["webhookUrl": "https://x.y"]])
        let reply = await harness.send(.delete, "/v1/subscribers/u1/credentials/fcm")
        #expect(reply.status == 204)
        #expect(reply.response.body.isEmpty)
        let sub = await harness.send(.get, "/v2/subscribers/u1")
        #expect(sub.data?["channels"]?.arrayValue?.map { $0["providerId"] } == ["slack"])
        #expect(await harness.send(.delete, "/v1/subscribers/ghost/credentials/fcm").status == 404)
    }

    @Test func unknownProviderAndMissingCredentialsAreNamed() async throws {
        let harness = try await makeSubscriber()
        let reply = await harness.send(.put, "/v1/subscribers/u1/credentials", body: ["providerId": "carrier-pigeon"])
        #expect(reply.status == 400)
        #expect(reply.messages.first?.hasPrefix("providerId must be one of the following values: slack, discord") == true)
        #expect(reply.messages.contains("credentials should not be null or undefined"))
    }

    @Test func providerWithoutActiveIntegrationIsRefused() async throws {
        let harness = try await makeSubscriber()
        let reply = await harness.send(.put, "/v1/subscribers/u1/credentials", body: ["providerId": "telegram", "credentials": [:]])
        #expect(reply.status == 400)
        #expect(reply.message?.hasSuffix("do not have active telegram integration.") == true)
        let create = await harness.send(
            .post, "/v1/subscribers",
            body: ["subscriberId": "u2", "channels": [["providerId": "discord", "credentials": ["webhookUrl": "https://d"]]]])
        #expect(create.status == 201)
        #expect(create.data?["channels"]?[0]?["providerId"] == "discord")
    }
}
