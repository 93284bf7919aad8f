import JSONCore
import LuaKit
import Testing
@testable import NovuShell

/// `novu.all` and `novu.each` against a real engine store.
@Suite(.timeLimit(.minutes(2)))
struct NovuIterationTests {
    private func seed(_ fixture: LuaShellFixture, count: Int) async throws {
        _ = try await fixture.evaluate(
            """
            for i = 1, \(count) do novu.subscribers.create({subscriberId = string.format("s%03d", i), email = "s" .. i .. "@example.com"}) end
            """)
    }

    @Test func allFollowsCursorsThroughEveryPage() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        try await seed(fixture, count: 25)
        let result = try await fixture.evaluate(
            """
            local seen, count = {}, 0
            for s in novu.all(novu.subscribers.search, {limit = 10}) do
              if not seen[s.subscriberId] then count = count + 1 end
              seen[s.subscriberId] = true
            end
            return count
            """)
        #expect(result == 25)
    }

    @Test func allFollowsPageNumbersThroughEveryPage() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        try await seed(fixture, count: 23)
        let result = try await fixture.evaluate(
            """
            local ids = {}
            for s in novu.all(novu.subscribers.list, {limit = 10}) do ids[#ids + 1] = s.subscriberId end
            table.sort(ids)
            return {#ids, ids[1], ids[#ids]}
            """)
        #expect(result == [23, "s001", "s023"])
    }

    @Test func allRejectsSomethingThatIsNotANovuFunction() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let result = try await fixture.evaluate("local ok, e = pcall(novu.all, print) return e.message")
        #expect(result == "bad argument #1 to 'novu.all' (novu list function expected, got function)")
    }

    @Test(arguments: [1, 16])
    func eachIsolatesFailuresAndKeepsAtMostNInFlight(concurrency: Int) async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        try await seed(fixture, count: 30)
        let result = try await fixture.evaluate(
            """
            local ids = {}
            for i = 1, 30 do ids[#ids + 1] = string.format("s%03d", i) end
            ids[#ids + 1] = "missing-1"
            ids[#ids + 1] = "missing-2"
            local running, most = 0, 0
            local report = novu.each(ids, function(id)
              running = running + 1
              most = math.max(most, running)
              local ok, err = pcall(novu.subscribers.patch, id, {locale = "de-DE"})
              running = running - 1
              if not ok then error(err) end
            end, {concurrency = \(concurrency)})
            local failedIds = {}
            for _, f in ipairs(report.failed) do failedIds[#failedIds + 1] = f.item end
            table.sort(failedIds)
            local german = 0
            for s in novu.all(novu.subscribers.search, {limit = 100}) do if s.locale == "de-DE" then german = german + 1 end end
            return {ok = report.ok, failed = failedIds, status = report.failed[1].error.status, most = most, german = german}
            """)
        #expect(result["ok"] == 30)
        #expect(result["failed"] == ["missing-1", "missing-2"])
        #expect(result["status"] == 404)
        #expect(result["german"] == 30)
        let most = try #require(result["most"]?.intValue)
        #expect(most <= Int64(concurrency))
        if concurrency > 1 { #expect(most > 1) }
    }

    @Test func eachTakesAnIteratorAndReportsAnEmptyFailedList() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        try await seed(fixture, count: 12)
        let result = try await fixture.evaluate(
            """
            local report = novu.each(novu.all(novu.subscribers.search, {limit = 5}), function(s)
              novu.subscribers.patch(s.subscriberId, {lastName = "Done"})
            end, {concurrency = 4})
            return {report.ok, #report.failed, json.encode(report.failed)}
            """)
        #expect(result == [12, 0, "[]"])
    }

    @Test func eachCallsAWaitingIteratorFromOneWorkerAtATimeAndRaisesItsError() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        try await seed(fixture, count: 3)
        let result = try await fixture.evaluate(
            """
            local calls, active, most = 0, 0, 0
            local function iterator()
              active = active + 1
              most = math.max(most, active)
              novu.subscribers.retrieve("s001") -- waits on the engine: other workers run meanwhile
              active = active - 1
              calls = calls + 1
              if calls == 6 then error("iterator broke at 6") end
              return "item-" .. calls
            end
            local handled = 0
            local ok, err = pcall(novu.each, iterator, function() novu.subscribers.retrieve("s002"); handled = handled + 1 end,
              {concurrency = 4})
            return {ok, tostring(err):match("iterator broke at 6") ~= nil, most, handled, calls}
            """)
        #expect(result == [false, true, 1, 5, 6])
    }

    @Test func eachChecksItsArguments() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let result = try await fixture.evaluate(
            """
            local _, a = pcall(novu.each, 5, print)
            local _, b = pcall(novu.each, {}, nil)
            local _, c = pcall(novu.each, {}, print, {concurrency = 0})
            return {a.message, b.message, c.message}
            """)
        #expect(result == [
            "bad argument #1 to 'novu.each' (list or iterator expected, got number)",
            "bad argument #2 to 'novu.each' (function expected, got nil)",
            "bad argument #3 to 'novu.each' (concurrency must be an integer from 1 to 10000)",
        ])
    }

    @Test func cancellingTheJobStopsEachCleanly() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let runtime = fixture.shell.runtime
        _ = try await fixture.evaluate("return novu.subscribers.retrieve('warm-up')")
        let chunk = try await runtime.compile(
            """
            done = 0
            local ids = {}
            for i = 1, 5000 do ids[i] = "nobody-" .. i end
            return novu.each(ids, function(id)
              for _ = 1, 20000 do end
              novu.subscribers.retrieve(id)
              done = done + 1
            end, {concurrency = 4})
            """, name: "=test")
        let job = Task { try await runtime.run(chunk) }
        // Cancel once some items are done (the runtime answers between the job's requests).
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            if let started = try? await fixture.evaluate("return done"), (started.intValue ?? 0) > 0 { break }
        }
        job.cancel()
        do {
            try await job.value
            Issue.record("novu.each should raise when cancelled")
        } catch let error as LuaError {
            #expect(error.code == .interrupted)
        }
        let done = try await fixture.evaluate("return done")
        let count = try #require(done.intValue)
        #expect(count > 0)
        #expect(count < 5000)
        // The runtime is usable afterwards.
        #expect(try await fixture.evaluate("return novu.each({1, 2}, function() end).ok") == 2)
    }

    @Test func theProgressBarShowsCountRateAndETA() {
        let text = ProgressBar.render(done: 25, failed: 2, total: 100, elapsed: .seconds(5), width: 10)
        #expect(text == "[##........] 25/100  5.0/s  ETA 15s  2 failed")
        #expect(ProgressBar.render(done: 7, failed: 0, total: nil, elapsed: .seconds(2)) == "7 done  3.5/s")
    }
}
