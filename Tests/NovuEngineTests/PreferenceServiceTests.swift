import JSONCore
import NovuEngine
import NovuKit
import NovuTesting
import Testing

struct PreferenceServiceTests {
    /// A subscriber `u1` and an active workflow `alerts` with in_app + email steps.
    private func setUp(critical: Bool = false) async throws -> (EngineHarness, String) {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1"])
        let created = await harness.send(
            .post, "/v2/workflows",
            body: [
                "name": "Alerts", "workflowId": "alerts",
                "preferences": ["user": ["all": ["enabled": true, "readOnly": .bool(critical)]]],
                "steps": [["name": "a", "type": "in_app"], ["name": "b", "type": "email"], ["name": "d", "type": "digest"]],
            ])
        return (harness, try #require(created.data?["_id"]?.stringValue))
    }

    @Test func newSubscriberHasEveryUsedChannelOn() async throws {
        let (harness, id) = try await setUp()
        let v1 = await harness.send(.get, "/v1/subscribers/u1/preferences")
        #expect(v1.status == 200)
        #expect(v1.data?[0]?["template"]?["_id"] == .string(id))
        #expect(v1.data?[0]?["preference"]?["channels"] == ["email": true, "in_app": true])
        #expect(v1.data?[0]?["preference"]?["overrides"] == [])
        let v2 = await harness.send(.get, "/v2/subscribers/u1/preferences")
        #expect(v2.data?["global"]?["channels"] == ["email": true, "in_app": true])
        #expect(v2.data?["workflows"]?[0]?["workflow"]?["identifier"] == "alerts")
        let ghost = await harness.send(.get, "/v1/subscribers/ghost/preferences")
        #expect(ghost.status == 400)
        #expect(ghost.message?.contains("not found") == true)
    }

    @Test func subscriberWorkflowLayerBeatsGlobalAndIsReported() async throws {
        let (harness, _) = try await setUp()
        _ = await harness.send(.patch, "/v2/subscribers/u1/preferences", body: ["channels": ["in_app": false, "email": false]])
        let patched = await harness.send(
            .patch, "/v2/subscribers/u1/preferences", body: ["workflowId": "alerts", "channels": ["in_app": true]])
        #expect(patched.status == 200)
        let item = try #require(patched.data?["workflows"]?[0])
        #expect(item["channels"] == ["in_app": true, "email": false])
        #expect(item["overrides"] == [["channel": "email", "source": "subscriber"], ["channel": "in_app", "source": "subscriber"]])
        #expect(patched.data?["global"]?["channels"] == ["in_app": false, "email": false])
    }

    @Test func workflowCanBeNamedByIdIdentifierOrSlug() async throws {
        let (harness, id) = try await setUp()
        let workflow = await harness.send(.get, "/v2/workflows/alerts")
        let slug = try #require(workflow.data?["slug"]?.stringValue)
        for (reference, value) in [(id, false), ("alerts", true), (slug, false)] {
            let reply = await harness.send(
                .patch, "/v2/subscribers/u1/preferences", body: ["workflowId": .string(reference), "channels": ["email": .bool(value)]])
            #expect(reply.data?["workflows"]?[0]?["channels"]?["email"] == .bool(value))
        }
        let unknown = await harness.send(.patch, "/v2/subscribers/u1/preferences", body: ["workflowId": "nope", "channels": ["email": true]])
        #expect(unknown.status == 404)
        let ghost = await harness.send(.patch, "/v2/subscribers/ghost/preferences", body: ["channels": ["email": true]])
        #expect(ghost.status == 404)
        let badType = await harness.send(.patch, "/v2/subscribers/u1/preferences", body: ["channels": ["email": "yes"]])
        #expect(badType.messages == ["channels.email must be a boolean value"])
    }

    @Test func v1WorkflowPatchRulesAndMessages() async throws {
        let (harness, id) = try await setUp()
        let disabled = await harness.send(.patch, "/v1/subscribers/u1/preferences/\(id)", body: ["enabled": false])
        #expect(disabled.data?["preference"]?["enabled"] == false)
        let enabled = await harness.send(.patch, "/v1/subscribers/u1/preferences/\(id)", body: ["enabled": true])
        #expect(enabled.data?["preference"]?["enabled"] == true)
        let channel = await harness.send(
            .patch, "/v1/subscribers/u1/preferences/\(id)", body: ["channel": ["type": "email", "enabled": false]])
        #expect(channel.data?["preference"]?["channels"] == ["email": false, "in_app": true])
        let unused = await harness.send(
            .patch, "/v1/subscribers/u1/preferences/\(id)", body: ["channel": ["type": "sms", "enabled": false]])
        #expect(unused.data?["preference"]?["channels"]?["sms"] == nil)
        let badFlag = await harness.send(.patch, "/v1/subscribers/u1/preferences/\(id)", body: ["channel": ["type": "email", "enabled": "no"]])
        #expect(badFlag.messages == ["channel.enabled must be a boolean value"])
        let empty = await harness.send(.patch, "/v1/subscribers/u1/preferences/\(id)", body: [:])
        #expect(empty.message == "In order to make an update you need to provider channel or enabled")
        let unknown = await harness.send(.patch, "/v1/subscribers/u1/preferences/aaaaaaaaaaaaaaaaaaaaaaaa", body: ["enabled": true])
        #expect(unknown.status == 404)
        #expect(unknown.message == "Template with id aaaaaaaaaaaaaaaaaaaaaaaa is not found")
    }

    @Test func v1GlobalPatchKeepsEnabledFalseAcrossChannelUpdates() async throws {
        let (harness, _) = try await setUp()
        _ = await harness.send(.patch, "/v1/subscribers/u1/preferences", body: ["enabled": false])
        let reply = await harness.send(.patch, "/v1/subscribers/u1/preferences", body: ["preferences": [["type": "sms", "enabled": false]]])
        #expect(reply.data?["preference"]?["enabled"] == false)
        #expect(reply.data?["preference"]?["channels"]?["sms"] == false)
        let global = await harness.send(.get, "/v1/subscribers/u1/preferences/global")
        #expect(global.data?[0]?["preference"]?["enabled"] == false)
        let bad = await harness.send(.patch, "/v1/subscribers/u1/preferences", body: ["preferences": [["type": "sms", "enabled": 1]]])
        #expect(bad.messages == ["preferences.0.enabled must be a boolean value"])
        let blocked = await harness.send(.get, "/v1/subscribers/u1/preferences")
        #expect(blocked.data?[0]?["preference"]?["channels"]?["email"] == false)
    }

    @Test func criticalWorkflowIgnoresSubscriberLayersAndCannotBeEdited() async throws {
        let (harness, _) = try await setUp(critical: true)
        _ = await harness.send(.patch, "/v2/subscribers/u1/preferences", body: ["channels": ["email": false]])
        let v1 = await harness.send(.get, "/v1/subscribers/u1/preferences")
        #expect(v1.data?[0]?["template"]?["critical"] == true)
        #expect(v1.data?[0]?["preference"]?["channels"]?["email"] == true)
        let edit = await harness.send(.patch, "/v2/subscribers/u1/preferences", body: ["workflowId": "alerts", "channels": ["email": false]])
        #expect(edit.status == 400)
        #expect(await harness.send(.get, "/v2/subscribers/u1/preferences").data?["workflows"] == [])
        let all = await harness.send(.get, "/v2/subscribers/u1/preferences", query: [("criticality", "all")])
        #expect(all.data?["workflows"]?.arrayValue?.count == 1)
    }

    @Test func bulkUpdateCapsAt100AndReturnsTemplateLevelItems() async throws {
        let (harness, _) = try await setUp()
        let reply = await harness.send(
            .patch, "/v2/subscribers/u1/preferences/bulk", body: ["preferences": [["workflowId": "alerts", "channels": ["in_app": false]]]])
        #expect(reply.status == 200)
        #expect(reply.data?[0]?["level"] == "template")
        #expect(reply.data?[0]?["channels"]?["in_app"] == false)
        #expect(reply.data?[0]?["workflow"]?["identifier"] == "alerts")
        let items = JSON.array((0..<101).map { _ in ["workflowId": "alerts", "channels": ["email": true]] })
        let tooMany = await harness.send(.patch, "/v2/subscribers/u1/preferences/bulk", body: ["preferences": items])
        #expect(tooMany.messages == ["preferences must contain no more than 100 elements"])
    }
}
