import JSONCore
import LuaKit
import NovuKit
import Testing
@testable import NovuShell

/// The generated `novu` table against a real engine store: calls, results, errors, arguments.
@Suite(.timeLimit(.minutes(2)))
struct NovuLibraryTests {
    @Test func everyCatalogueOperationIsAFunctionAtItsDottedName() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        for operation in OperationCatalogue.all {
            let type = try await fixture.evaluate("return type(novu.\(operation.name))")
            #expect(type == "function", "novu.\(operation.name)")
        }
        #expect(try await fixture.evaluate("return novu.null == json.null") == true)
    }

    @Test func aCreateRetrievePatchDeleteRoundTripReturnsWhatTheServerSent() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let result = try await fixture.evaluate(
            """
            local created = novu.subscribers.create({subscriberId = "u1", firstName = "Ada", email = "ada@example.com"})
            local fetched = novu.subscribers.retrieve("u1")
            local patched = novu.subscribers.patch("u1", {lastName = "Lovelace", data = {plan = "pro"}})
            local deleted = novu.subscribers.delete("u1")
            local gone = novu.subscribers.retrieve("u1")
            return {created = created.subscriberId, email = fetched.email, last = patched.lastName,
                    first = patched.firstName, plan = patched.data.plan, acknowledged = deleted.acknowledged,
                    gone = gone == nil}
            """)
        #expect(result == [
            "created": "u1", "email": "ada@example.com", "last": "Lovelace", "first": "Ada", "plan": "pro",
            "acknowledged": true, "gone": true,
        ])
    }

    @Test func aLookupOfSomethingMissingReturnsNilButAWriteRaises() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let result = try await fixture.evaluate(
            """
            local missing = novu.subscribers.retrieve("nobody")
            local topic = novu.topics.get("no-such-topic")
            local ok = pcall(novu.subscribers.patch, "nobody", {firstName = "X"})
            return {missing == nil, topic == nil, ok}
            """)
        #expect(result == [true, true, false])
    }

    @Test func anErrorAnswerRaisesATableWithStatusMessageRouteAndBody() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let result = try await fixture.evaluate(
            """
            local ok, err = pcall(novu.subscribers.patch, "nobody", {firstName = "X"})
            return {status = err.status, method = err.method, path = err.path, message = type(err.message),
                    error = type(err.error), body = type(err.body), text = tostring(err)}
            """)
        #expect(result["status"] == 404)
        #expect(result["method"] == "PATCH")
        #expect(result["path"] == "/v2/subscribers/nobody")
        #expect(result["message"] == "string")
        #expect(result["error"] == "string")
        #expect(result["body"] == "table")
        let text = try #require(result["text"]?.stringValue)
        #expect(!text.contains("\n"))
        #expect(text.contains("nobody"))
    }

    @Test(arguments: [
        ("novu.subscribers.patch(nil)", "bad argument #1 to 'subscribers.patch' (subscriberId expected, got nil)"),
        ("novu.subscribers.patch({})", "bad argument #1 to 'subscribers.patch' (subscriberId expected, got table)"),
        ("novu.subscribers.patch('u1', {email = {1}})",
         "bad argument #2 to 'subscribers.patch' (field email: string expected, got table)"),
        ("novu.subscribers.patch('u1', 'x')", "bad argument #2 to 'subscribers.patch' (table of fields expected, got string)"),
        ("novu.subscribers.create({firstName = 'A'})",
         "bad argument #1 to 'subscribers.create' (field subscriberId (string) is required)"),
        ("novu.subscribers.preferences.update('', {})", "bad argument #1 to 'subscribers.preferences.update' (subscriberId must not be empty)"),
        ("novu.trigger(true)", "bad argument #1 to 'trigger' (name expected, got boolean)"),
    ])
    func argumentErrorsNameTheArgumentLikeLua(call: String, message: String) async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let result = try await fixture.evaluate("local ok, err = pcall(function() \(call) end) return {ok, err.message}")
        #expect(result == [false, .string(message)])
    }

    @Test func positionalFieldsMayAlsoComeInTheTable() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        // Both forms reach the server and get the same answer (the workflow does not exist).
        let result = try await fixture.evaluate(
            """
            local ok1, r1 = pcall(novu.trigger, "no-such-workflow", {to = "u1"})
            local ok2, r2 = pcall(novu.trigger, {name = "no-such-workflow", to = "u1"})
            return {ok1 == ok2, r1.status, r2.status}
            """)
        #expect(result[0] == true)
        #expect(result[1] != nil && result[1] != .null)
        #expect(result[1] == result[2])
    }

    @Test func aNoContentAnswerReturnsTrue() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let result = try await fixture.evaluate(
            """
            novu.subscribers.create({subscriberId = "u1"})
            novu.topics.create({key = "beta", name = "Beta"})
            return novu.topics.subscribers.remove("beta", {subscribers = {"u1"}})
            """)
        #expect(result == true)
    }
}
