import Foundation
import GRDB
import JSONCore
import NovuKit
import NovuTesting
import Testing

@testable import NovuEngine

/// Writes that arrive together are committed together (group commit), yet each one still succeeds or
/// fails on its own.
struct ConcurrentWriteTests {
    @Test func concurrentCreatesEachGetTheirOwnAnswer() async throws {
        let harness = try EngineHarness()
        let statuses = await withTaskGroup(of: (String, Int).self) { group in
            for attempt in 0..<2 {
                for index in 0..<25 {
                    group.addTask {
                        let id = "u\(index)"
                        let reply = await harness.send(
                            .post, "/v2/subscribers", query: [("failIfExists", "true")],
                            body: ["subscriberId": .string(id), "lastName": .string("try \(attempt)")])
                        return (id, reply.status)
                    }
                }
            }
            var statuses: [String: [Int]] = [:]
            for await (id, status) in group { statuses[id, default: []].append(status) }
            return statuses
        }
        #expect(statuses.count == 25)
        for (id, answers) in statuses {
            #expect(answers.sorted() == [201, 409], "\(id): \(answers)")
        }
        let listed = await harness.send(.get, "/v1/subscribers", query: [("limit", "100")])
        #expect(listed.data?.arrayValue?.count == 25)
    }

    @Test func aWriteThatFailsHalfWayLeavesNoTraceWhileTheOthersCommit() async throws {
        let queue = try DatabaseQueue()
        try await queue.write { db in try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, writer INTEGER)") }
        let combiner = WriteCombiner(writer: queue)
        struct HalfWay: Error {}
        // A slow write holds the store, so the sixty that follow queue up and commit together.
        let started = LockedValue(false)
        let slow = Task {
            try await combiner.write { _ in
                started.withLock { $0 = true }
                usleep(200_000)
            }
        }
        while !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(2)) }
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for writer in 0..<60 {
                group.addTask {
                    do {
                        try await combiner.write { db in
                            try db.execute(sql: "INSERT INTO t (writer) VALUES (?)", arguments: [writer])
                            if writer % 4 == 0 { throw HalfWay() }
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        try await slow.value
        #expect(outcomes.filter { $0 }.count == 45)
        let stored = try await queue.read { db in try Int.fetchAll(db, sql: "SELECT writer FROM t ORDER BY writer") }
        #expect(stored == (0..<60).filter { $0 % 4 != 0 })
    }
}
