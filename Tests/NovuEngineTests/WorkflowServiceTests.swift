import JSONCore
import NovuEngine
import NovuKit
import NovuTesting
import Testing

struct WorkflowServiceTests {
    static func groupId(_ harness: EngineHarness) async -> JSON {
        await harness.send(.get, "/v1/notification-groups").data?[0]?["_id"] ?? .null
    }

    @Test func v1CreateSlugsTheNameAndStoresSteps() async throws {
        let harness = try EngineHarness()
        let group = await Self.groupId(harness)
        let body: JSON = [
            "name": "Welcome Email!", "notificationGroupId": group, "active": true, "tags": ["onboarding"],
            "preferenceSettings": ["sms": false],
            "steps": [
                ["template": ["type": "in_app", "content": "Hi {{subscriber.firstName}}"]],
                ["template": ["type": "delay"], "metadata": ["type": "regular", "amount": 5, "unit": "minutes"]],
                [
                    "template": ["type": "email", "subject": "Hello", "content": "Body"],
                    "filters": [["value": "AND", "children": [["on": "payload", "field": "plan", "operator": "EQUAL", "value": "pro"]]]],
                ],
            ],
        ]
        let reply = await harness.send(.post, "/v1/workflows", body: body)
        #expect(reply.status == 201)
        let workflow = try #require(reply.data)
        #expect(workflow["triggers"]?[0]?["identifier"] == "welcome-email")
        #expect(workflow["draft"] == false)
        #expect(workflow["preferenceSettings"]?["sms"] == false)
        #expect(workflow["preferenceSettings"]?["email"] == true)
        #expect(workflow["steps"]?.arrayValue?.count == 3)
        #expect(workflow["steps"]?[1]?["metadata"]?["unit"] == "minutes")
        #expect(workflow["steps"]?[2]?["filters"]?[0]?["children"]?[0]?["operator"] == "EQUAL")
        let again = await harness.send(.post, "/v1/workflows", body: body)
        let second = again.data?["triggers"]?[0]?["identifier"]?.stringValue ?? ""
        #expect(second.hasPrefix("welcome-email-") && second != "welcome-email")
    }

    @Test func v1CreateValidatesGroupStepTypesAndOperators() async throws {
        let harness = try EngineHarness()
        let reply = await harness.send(
            .post, "/v1/workflows",
            body: [
                "name": "x",
                "steps": [
                    ["template": ["type": "fax"]],
                    ["template": ["type": "sms"], "filters": [["children": [["on": "payload", "operator": "ROUGHLY", "field": "a", "value": "1"]]]]],
                ],
            ])
        #expect(reply.status == 400)
        #expect(reply.messages.contains("Notification group must be provided "))
        #expect(reply.messages.contains { $0.hasPrefix("steps.0.template.type must be one of the following values: in_app") })
        #expect(reply.messages.contains { $0.hasPrefix("steps.1.filters.0.children.0.operator must be one of") })
    }

    @Test func v1WritesAreDevelopmentOnly() async throws {
        let harness = try EngineHarness()
        let reply = await harness.send(.post, "/v1/workflows", body: ["name": "x", "notificationGroupId": "g"], key: harness.productionKey)
        #expect(reply.status == 401)
        #expect(reply.message == "This action is only allowed in Development environment")
    }

    @Test func v1GetUpdateStatusListAndDelete() async throws {
        let harness = try EngineHarness()
        let group = await Self.groupId(harness)
        let created = await harness.send(.post, "/v1/notification-templates", body: ["name": "Digest", "notificationGroupId": group])
        let id = try #require(created.data?["_id"]?.stringValue)
        #expect(created.data?["active"] == false)
        let activated = await harness.send(.put, "/v1/workflows/\(id)/status", body: ["active": true])
        #expect(activated.data?["active"] == true)
        let updated = await harness.send(.put, "/v1/workflows/\(id)", body: ["name": "Daily", "critical": true, "tags": ["a"]])
        #expect(updated.data?["name"] == "Daily" && updated.data?["critical"] == true)
        let list = await harness.send(.get, "/v1/workflows", query: [("query", "dai")])
        #expect(list.json?["totalCount"] == 1)
        #expect(list.json?["page"] == 0)
        let deleted = await harness.send(.delete, "/v1/workflows/\(id)")
        #expect(deleted.json == ["data": true])
        let gone = await harness.send(.get, "/v1/workflows/\(id)")
        #expect(gone.status == 404)
    }

    @Test func v2CreateGetPatchPutListDelete() async throws {
        let harness = try EngineHarness()
        let created = await harness.send(
            .post, "/v2/workflows",
            body: [
                "name": "Order shipped", "workflowId": "order-shipped", "tags": ["orders"],
                "preferences": ["user": ["all": ["enabled": true, "readOnly": false], "channels": ["email": ["enabled": false]]]],
                "steps": [
                    ["name": "In-App", "type": "in_app", "controlValues": ["subject": "Shipped", "body": "Your order {{payload.id}}"]],
                    ["name": "Wait", "type": "digest", "controlValues": ["amount": 10, "unit": "minutes", "digestKey": "orderId"]],
                    ["name": "Mail", "type": "email", "controlValues": ["subject": "S", "body": "B"]],
                ],
            ])
        #expect(created.status == 201)
        let workflow = try #require(created.data)
        #expect(workflow["workflowId"] == "order-shipped")
        #expect(workflow["status"] == "ACTIVE")
        #expect(workflow["slug"]?.stringValue?.hasPrefix("order-shipped_wf_") == true)
        #expect(workflow["steps"]?[0]?["stepId"] == "in-app")
        #expect(workflow["steps"]?[1]?["controlValues"]?["digestKey"] == "orderId")
        #expect(workflow["preferences"]?["default"]?["channels"]?["email"]?["enabled"] == false)
        let slug = try #require(workflow["slug"]?.stringValue)
        #expect(await harness.send(.get, "/v2/workflows/\(slug)").data?["_id"] == workflow["_id"])
        let duplicate = await harness.send(.post, "/v2/workflows", body: ["name": "x", "workflowId": "order-shipped", "steps": []])
        #expect(duplicate.status == 409)
        let patched = await harness.send(.patch, "/v2/workflows/order-shipped", body: ["active": false])
        #expect(patched.data?["status"] == "INACTIVE")
        let put = await harness.send(
            .put, "/v2/workflows/order-shipped",
            body: ["name": "Renamed", "steps": [["name": "In-App", "type": "in_app", "controlValues": ["body": "new"]]], "preferences": [:]])
        #expect(put.data?["steps"]?.arrayValue?.count == 1)
        #expect(put.data?["steps"]?[0]?["_id"] == workflow["steps"]?[0]?["_id"])
        let list = await harness.send(.get, "/v2/workflows", query: [("limit", "10.0")])
        #expect(list.data?["totalCount"] == 1)
        #expect(list.data?["workflows"]?[0]?["name"] == "Renamed")
        #expect(await harness.send(.delete, "/v2/workflows/order-shipped").status == 204)
        #expect(await harness.send(.get, "/v2/workflows/order-shipped").status == 404)
        let invalid = await harness.send(.post, "/v2/workflows", body: ["name": "y"])
        #expect(invalid.messages.contains("workflowId should not be null or undefined"))
        #expect(invalid.messages.contains("steps should not be null or undefined"))
    }
}
