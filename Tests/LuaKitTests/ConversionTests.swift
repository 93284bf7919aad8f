import JSONCore
import LuaKit
import Testing

/// Round trips of JSON values through Lua tables, with the stack left as it was.
struct ConversionTests {
    let state: LuaState

    init() throws { state = try LuaState() }

    func roundTrip(_ value: JSON) throws -> JSON {
        let stack = state.main
        let before = stack.top
        try stack.push(value)
        let back = try stack.json(at: -1)
        stack.pop()
        #expect(stack.top == before)
        return back
    }

    @Test(arguments: [
        JSON.null, true, false, 0, 1, -1, .int(Int64.max), .int(Int64.min), .int(1 << 53), .int((1 << 53) + 1),
        .double(0.1), .double(-0.0), .double(1e300), .double(10.0), "", "café", "a\u{0}b",
        [], [:], [[], [:], [[:]]], ["a": [1, 2, 3], "b": ["c": .null]], [1, .null, 3],
    ] as [JSON])
    func valuesSurviveARoundTrip(_ value: JSON) throws {
        #expect(try roundTrip(value) == value)
    }

    @Test func integersAndFloatsStayApart() throws {
        #expect(try roundTrip(.double(2)) == .double(2))
        #expect(try roundTrip(.int(2)) == .int(2))
    }

    @Test func nanSurvivesAsAFloat() throws {
        let back = try roundTrip(.double(.nan))
        guard case .double(let value) = back else {
            Issue.record("expected a float, got \(back)")
            return
        }
        #expect(value.isNaN)
    }

    @Test func binaryStringsKeepTheirBytes() throws {
        let bytes: [UInt8] = [0xFF, 0x00, 0xC3, 0x28, 0x41]
        #expect(try roundTrip(.bytes(bytes)) == .bytes(bytes))
    }

    func evaluate(_ source: String) throws -> JSON {
        let stack = state.main
        let before = stack.top
        try state.load(source, name: "=test")
        try state.call(argumentCount: 0, results: 1)
        defer {
            stack.pop()
            #expect(stack.top == before)
        }
        return try stack.json(at: -1)
    }

    @Test func aTableIsAnArrayOnlyWhenItsKeysAreExactlyOneToN() throws {
        #expect(try evaluate("return {10, 20, 30}") == [10, 20, 30])
        #expect(try evaluate("return {[1] = 'a', [3] = 'c'}") == ["1": "a", "3": "c"])
        #expect(try evaluate("return {[0] = 'z', 'a'}") == ["0": "z", "1": "a"])
        #expect(try evaluate("return {1, 2, x = 3}") == ["1": 1, "2": 2, "x": 3])
    }

    @Test func nonStringKeysBecomeStringsOrFailClearly() throws {
        #expect(try evaluate("return {[1.5] = true}") == ["1.5": true])
        #expect(throws: LuaError.self) { try evaluate("return {[true] = 1}") }
        do {
            _ = try evaluate("return {a = {[true] = 1}}")
        } catch let error as LuaError {
            #expect(error.code == .conversion)
            #expect(error.message.contains("boolean"))
            #expect(error.message.contains("$.a"))
        }
    }

    @Test func cyclesAndFunctionsGiveAnErrorNamingThePath() throws {
        do {
            _ = try evaluate("local t = {x = {}}; t.x.back = t; return t")
            Issue.record("expected a cycle error")
        } catch let error as LuaError {
            #expect(error.code == .conversion)
            #expect(error.message.contains("cycle"))
            #expect(error.message.contains("$.x.back"))
        }
        do {
            _ = try evaluate("return {f = print}")
            Issue.record("expected a conversion error")
        } catch let error as LuaError {
            #expect(error.message.contains("function"))
        }
    }

    @Test func excessiveDepthGivesAClearError() throws {
        do {
            _ = try evaluate("local t = {}; local c = t; for i = 1, 500 do c.n = {}; c = c.n end; return t")
            Issue.record("expected a depth error")
        } catch let error as LuaError {
            #expect(error.code == .conversion)
            #expect(error.message.contains("deeper than"))
        }
    }

    @Test func emptyMarkedTablesKeepTheirKindThroughLua() throws {
        let stack = state.main
        try stack.push(["list": [], "map": [:], "nested": [[[]]]] as JSON)
        stack.setGlobal("value")
        #expect(try evaluate("return value") == ["list": [], "map": [:], "nested": [[[]]]])
        #expect(try evaluate("return {}") == [:])
    }
}
