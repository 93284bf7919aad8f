import JSONCore
import NovuKit
import Testing

struct OperationCatalogueTests {
    @Test func everyOperationHasAUniqueNameASummaryAndAnExample() {
        let names = OperationCatalogue.all.map(\.name)
        #expect(Set(names).count == names.count)
        for operation in OperationCatalogue.all {
            #expect(!operation.summary.isEmpty, "\(operation.name)")
            #expect(operation.example.contains("novu."), "\(operation.name)")
        }
    }

    @Test(arguments: [
        ("subscribers.retrieve", "GET /v2/subscribers/{subscriberId}"),
        ("subscribers.preferences.update", "PATCH /v2/subscribers/{subscriberId}/preferences"),
        ("trigger", "POST /v1/events/trigger"),
        ("subscribers.list", "GET /v1/subscribers"),
        ("subscribers.messages.mark_all", "POST /v1/subscribers/{subscriberId}/messages/mark-all"),
    ])
    func sdkNamesMapToNovuRoutes(name: String, route: String) throws {
        let operation = try #require(OperationCatalogue.operation(named: name))
        #expect(operation.description == route)
    }

    @Test func pathArgumentsArePercentEncodedIncludingSlashes() throws {
        let operation = try #require(OperationCatalogue.operation(named: "subscribers.retrieve"))
        let request = try operation.makeRequest(arguments: ["u 1/x"])
        #expect(request.path == "/v2/subscribers/u%201%2Fx")
    }

    @Test func everyPlaceholderOfAPathIsFilledInOrderKeepingAtColonAndPlus() throws {
        let operation = try #require(OperationCatalogue.operation(named: "subscribers.preferences.by_level"))
        let request = try operation.makeRequest(arguments: ["ü@x:1+2", "global"])
        #expect(request.path == "/v1/subscribers/%C3%BC@x:1+2/preferences/global")
        #expect(BeforeImageHeader.value(asking: request) == "/v1/subscribers/%C3%BC@x:1+2/preferences/global")
    }

    @Test func triggerTakesTheWorkflowIdentifierFirst() throws {
        let operation = try #require(OperationCatalogue.operation(named: "trigger"))
        let request = try operation.makeRequest(arguments: ["welcome"], fields: ["to": "u1"])
        let body = try JSON.parse(try #require(request.body))
        #expect(body["name"] == "welcome")
        #expect(body["to"] == "u1")
    }

    @Test func queryArraysRepeatAndObjectsBecomeJSON() throws {
        let list = try #require(OperationCatalogue.operation(named: "notifications.list"))
        let request = try list.makeRequest(fields: ["channels": ["in_app", "email"], "page": .double(1.0)])
        #expect(request.query.map(\.name) == ["channels", "channels", "page"])
        #expect(request.query.last?.value == "1")
        let count = try #require(OperationCatalogue.operation(named: "subscribers.notifications.count"))
        let counted = try count.makeRequest(arguments: ["u1"], fields: ["filters": [["read": false]]])
        #expect(counted.query == [QueryItem("filters", #"[{"read":false}]"#)])
    }

    @Test func aMissingRequiredFieldIsNamed() throws {
        let operation = try #require(OperationCatalogue.operation(named: "subscribers.create"))
        let error = #expect(throws: NovuClientError.self) { try operation.makeRequest() }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("subscriberId") == true)
    }

    @Test func aFieldOfTheWrongKindIsRejectedBeforeSending() throws {
        let operation = try #require(OperationCatalogue.operation(named: "subscribers.patch"))
        let error = #expect(throws: NovuClientError.self) {
            try operation.makeRequest(arguments: ["u1"], fields: ["firstName": ["not", "a", "string"]])
        }
        #expect(error?.message.contains("firstName") == true)
    }

    @Test func singleObjectsAreUnwrappedAndPagesKeptWhole() {
        #expect(NovuResponse.unwrap(["data": ["subscriberId": "u1"]]) == ["subscriberId": "u1"])
        #expect(NovuResponse.unwrap(["data": 5]) == 5)
        let page: JSON = ["data": [], "hasMore": false, "page": 0, "pageSize": 10]
        #expect(NovuResponse.unwrap(page) == page)
    }

    @Test func errorMessagesArraysAreJoinedAndDescriptionsCarryTheRequest() {
        let body = #"{"statusCode":400,"message":["a must be x","b must be y"],"error":"Bad Request"}"#
        let error = NovuClientError(
            response: APIResponse(status: 400, body: Array(body.utf8)), method: .post, path: "/v2/subscribers")
        #expect(error.message == "a must be x; b must be y")
        #expect(error.errorName == "Bad Request")
        #expect(error.description == "POST /v2/subscribers → 400 Bad Request: a must be x; b must be y")
    }
}
