import JSONCore
import LuaKit
import Synchronization
import Testing

/// A gate that opens once `expected` waiters have arrived: proves they were all suspended at once.
final class Gate: Sendable {
    private let state = Mutex<(count: Int, waiters: [CheckedContinuation<Void, Never>])>((0, []))
    let expected: Int
    init(expected: Int) { self.expected = expected }

    func arrive() async {
        await withCheckedContinuation { continuation in
            let ready: [CheckedContinuation<Void, Never>] = state.withLock { value in
                value.count += 1
                value.waiters.append(continuation)
                if value.count >= expected {
                    defer { value.waiters = [] }
                    return value.waiters
                }
                return []
            }
            for waiter in ready { waiter.resume() }
        }
    }
}

/// The coroutine scheduler: Swift async work suspends only the calling coroutine.
struct SchedulerTests {
    func makeRuntime(gate: Gate? = nil) throws -> LuaRuntime {
        try LuaRuntime { state in
            state.register("fetch") { stack in
                let value = stack.toInteger(at: 1) ?? 0
                return try stack.suspend {
                    await Task.yield()
                    if value < 0 { throw BridgeError() }
                    return [.json(.int(value * 2))]
                }
            }
            state.register("wait_at_gate") { stack in
                let id = stack.toInteger(at: 1) ?? 0
                return try stack.suspend {
                    await gate?.arrive()
                    return [.json(.int(id))]
                }
            }
            state.register("sleep_forever") { stack in
                try stack.suspend {
                    try await Task.sleep(for: .seconds(3600))
                    return []
                }
            }
        }
    }

    func evaluate(_ runtime: LuaRuntime, _ source: String) async throws -> JSON {
        let chunk = try await runtime.compile(source, name: "=test")
        return try await runtime.run(chunk) { stack, count in
            count > 0 ? (try? stack.json(at: -1)) ?? .null : .null
        }
    }

    @Test func anAsyncFunctionReturnsItsValueToTheCoroutine() async throws {
        let runtime = try makeRuntime()
        #expect(try await evaluate(runtime, "return fetch(21)") == 42)
        #expect(try await runtime.withState { $0.main.top } == 0)
    }

    @Test func aYieldInsidePcallIsResumedCorrectly() async throws {
        let runtime = try makeRuntime()
        let result = try await evaluate(
            runtime,
            """
            local ok, value = pcall(fetch, 5)
            local bad, err = pcall(fetch, -1)
            return {ok = ok, value = value, bad = bad, message = err.message}
            """)
        #expect(result == ["ok": true, "value": 10, "bad": false, "message": "the bridge said no"])
    }

    @Test func asyncCallsWorkInsideCoroutinesTheUserCreates() async throws {
        let runtime = try makeRuntime()
        let result = try await evaluate(
            runtime,
            """
            local co = coroutine.wrap(function(a) local x = fetch(a); coroutine.yield(x); return fetch(x) end)
            local first = co(3)
            local second = co()
            return {first, second}
            """)
        #expect(result == [6, 12])
    }

    @Test func whereLuaCannotYieldTheCallFailsClearly() async throws {
        let runtime = try makeRuntime()
        let result = try await evaluate(
            runtime,
            """
            local ok, err = pcall(table.sort, {3, 1, 2}, function(a, b) fetch(1) return a < b end)
            local ok2, err2 = pcall(string.gsub, "abc", "%w", function(c) return fetch(1) end)
            local ok3, err3 = pcall(tostring, setmetatable({}, {__tostring = function() return fetch(1) end}))
            return {ok, err.message, ok2, ok3}
            """)
        #expect(result[0] == false)
        #expect(result[1]?.stringValue?.contains("table.sort comparator") == true)
        #expect(result[2] == false)
        #expect(result[3] == false)
    }

    @Test func aThousandCoroutinesWaitAtOnce() async throws {
        let gate = Gate(expected: 1000)
        let runtime = try makeRuntime(gate: gate)
        let chunk = try await runtime.compile("local id = ...; return wait_at_gate(id)", name: "=test")
        let values = try await withThrowingTaskGroup(of: Int64.self) { group in
            for id in 1...1000 {
                group.addTask {
                    try await runtime.run(chunk, arguments: [.json(.int(Int64(id)))]) { stack, _ in
                        stack.toInteger(at: -1) ?? -1
                    }
                }
            }
            return try await group.reduce(into: [Int64]()) { $0.append($1) }
        }
        #expect(values.sorted() == Array(1...1000))
        #expect(try await runtime.withState { $0.main.top } == 0)
    }

    @Test func interruptStopsAnEndlessLoopEvenInsidePcall() async throws {
        let runtime = try makeRuntime()
        runtime.resetInterrupt()
        defer { runtime.resetInterrupt() }
        let chunk = try await runtime.compile(
            "while true do pcall(function() while true do end end) end", name: "=test")
        let task = Task { try await runtime.run(chunk) }
        try await Task.sleep(for: .milliseconds(200))
        runtime.interrupt()
        do {
            try await task.value
            Issue.record("expected an interruption")
        } catch let error as LuaError {
            #expect(error.code == .interrupted)
            #expect(error.message.contains("interrupted!"))
        }
    }

    @Test func cancellingTheTaskEndsAnAsyncWait() async throws {
        let runtime = try makeRuntime()
        let chunk = try await runtime.compile("local ok, e = pcall(sleep_forever) return sleep_forever()", name: "=test")
        let task = Task { try await runtime.run(chunk) }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        do {
            try await task.value
            Issue.record("expected an interruption")
        } catch let error as LuaError {
            #expect(error.code == .interrupted)
        }
    }

    @Test func yieldingAtTheTopLevelIsAnError() async throws {
        let runtime = try makeRuntime()
        await #expect(throws: LuaError.self) { try await evaluate(runtime, "coroutine.yield(1)") }
    }
}
