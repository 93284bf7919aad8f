import JSONCore
import LuaKit
import Synchronization
import Testing

/// Counts live instances, to prove that a Swift error raised into Lua leaks nothing.
final class Tracked: Sendable {
    static let live = Atomic<Int>(0)
    init() { Tracked.live.add(1, ordering: .sequentiallyConsistent) }
    deinit { Tracked.live.subtract(1, ordering: .sequentiallyConsistent) }
}

struct BridgeError: Error, CustomStringConvertible {
    var description: String { "the bridge said no" }
}

/// Swift functions called from Lua: results, errors, and the stack they leave.
struct BridgeTests {
    @Test func swiftFunctionsReturnValuesToLua() throws {
        let state = try LuaState()
        state.register("add") { stack in
            stack.push((stack.toInteger(at: 1) ?? 0) + (stack.toInteger(at: 2) ?? 0))
            return 1
        }
        let before = state.main.top
        try state.load("return add(2, 40)", name: "=test")
        try state.call(argumentCount: 0, results: 1)
        #expect(state.main.toInteger(at: -1) == 42)
        state.main.pop()
        #expect(state.main.top == before)
    }

    @Test func aSwiftErrorCaughtByPcallLeaksNoSwiftObject() throws {
        let state = try LuaState()
        state.register("fail") { _ in
            let tracked = Tracked()
            _ = tracked
            throw BridgeError()
        }
        let baseline = Tracked.live.load(ordering: .sequentiallyConsistent)
        try state.load(
            """
            local results = {}
            for i = 1, 100 do
              local ok, err = pcall(fail)
              results[#results + 1] = (not ok) and err.message == "the bridge said no" and err.code == "error"
            end
            local ok, err = pcall(function() local x = fail() end)
            return tostring(err), results[100]
            """, name: "=test")
        try state.call(argumentCount: 0, results: 2)
        #expect(state.main.toString(at: -2) == "test:6: the bridge said no")
        #expect(state.main.toBool(at: -1))
        state.main.pop(2)
        #expect(Tracked.live.load(ordering: .sequentiallyConsistent) == baseline)
    }

    @Test func luaErrorsCarryATracebackWithChunkNamesAndLines() throws {
        let state = try LuaState()
        try state.load(
            """
            local function inner() error("deep trouble") end
            local function outer() inner() end
            outer()
            """, name: "@script.lua")
        do {
            try state.call(argumentCount: 0)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .runtime)
            #expect(error.message == "script.lua:1: deep trouble")
            let traceback = try #require(error.traceback)
            #expect(traceback.contains("script.lua:1: in"))
            #expect(traceback.contains("script.lua:2: in"))
            #expect(traceback.contains("script.lua:3: in main chunk"))
        }
        #expect(state.main.top == 0)
    }

    @Test func syntaxErrorsAreReportedWithoutRunning() throws {
        let state = try LuaState()
        #expect(throws: LuaError.self) { try state.load("x = = 1", name: "=test") }
        #expect(state.main.top == 0)
    }

    @Test func nativeAndSwiftFunctionsCanBeRegisteredSideBySide() throws {
        let state = try LuaState()
        state.pushNativeNoop(on: state.main)
        state.main.setGlobal("cnoop")
        state.register("swiftnoop") { _ in 0 }
        try state.load("for i = 1, 1000 do cnoop(); swiftnoop() end return true", name: "=test")
        try state.call(argumentCount: 0, results: 1)
        #expect(state.main.toBool(at: -1))
        state.main.pop()
        #expect(state.main.top == 0)
    }
}
