import JSONCore
import LuaKit
import Testing
@testable import NovuShell

/// How results print: record tables, key/value blocks, pages, `--json`, `show`.
@Suite(.timeLimit(.minutes(1)))
struct ResultDisplayTests {
    @Test func aListOfSubscribersPrintsAsATableWithTheUsefulColumnsFirst() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let value = try await fixture.snapshot(
            """
            return {
              {subscriberId = "u1", email = "ada@example.com", firstName = "Ada", lastName = "Lovelace", updatedAt = "2026-01-01", _id = "x1"},
              {subscriberId = "user-2", email = "bob@example.com", firstName = "Bob", updatedAt = "2026-01-02", _id = "x2"},
            }
            """)
        let lines = fixture.shell.display([value]).split(separator: "\n").map(String.init)
        #expect(lines == [
            "subscriberId  email            firstName  lastName  updatedAt",
            "u1            ada@example.com  Ada        Lovelace  2026-01-01",
            "user-2        bob@example.com  Bob                  2026-01-02",
            "(2 rows)",
        ])
    }

    @Test func messagesShowIdChannelSeenReadCreatedAtAndContent() {
        let row: [String: JSON] = [
            "_id": "m1", "channel": "in_app", "seen": false, "read": true, "createdAt": "2026-01-01",
            "content": "Hello\nthere", "_subscriberId": "s", "payload": ["a": 1],
        ]
        let text = format(.array([.object(row)]))
        #expect(text.split(separator: "\n").first == "_id  channel  seen   read  createdAt   content")
        #expect(text.contains("m1   in_app   false  true  2026-01-01  Hello↵there"))
    }

    @Test func aSingleRecordPrintsAsAKeyValueBlock() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let value = try await fixture.snapshot(
            """
            novu.subscribers.create({subscriberId = "u1", firstName = "Ada", email = "ada@example.com"})
            return novu.subscribers.retrieve("u1")
            """)
        let lines = fixture.shell.display([value]).split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("subscriberId") == true)
        #expect(lines.first?.hasSuffix("  u1") == true)
        #expect(lines.contains { $0.hasPrefix("email") && $0.hasSuffix("  ada@example.com") })
        #expect(lines.contains { $0.hasPrefix("firstName") && $0.hasSuffix("  Ada") })
    }

    @Test func aPageShowsItsDataAsATableAndAPagingLine() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let value = try await fixture.snapshot(
            """
            for i = 1, 3 do novu.subscribers.create({subscriberId = "p" .. i}) end
            return novu.subscribers.search({limit = 2})
            """)
        let lines = fixture.shell.display([value]).split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("subscriberId") == true)
        #expect(lines.contains("(2 rows)"))
        #expect(lines.last?.contains("next = \"") == true)
    }

    @Test func plainValuesStillPrintAsLua() {
        #expect(format(["a": 1]) == "{ a = 1 }")
        #expect(format([1, 2]) == "{ 1, 2 }")
    }

    @Test func jsonModePrintsEveryResultAsJSON() async throws {
        let fixture = try LuaShellFixture(json: true)
        defer { Task { await fixture.close() } }
        let value = try await fixture.snapshot(
            """
            novu.subscribers.create({subscriberId = "u1", firstName = "Ada"})
            return novu.subscribers.retrieve("u1")
            """)
        let text = fixture.shell.display([value, .integer(3)])
        let parts = text.split(separator: "\n}\n")
        let record = try JSON.parse(Array((String(parts[0]) + "\n}").utf8))
        #expect(record["subscriberId"] == "u1")
        #expect(record["firstName"] == "Ada")
        #expect(text.hasSuffix("\n3"))
    }

    @Test func showPrintsJSONOrATable() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let json = try await fixture.output(#"show({b = 1, a = {json.null, json.array()}}, "json")"#)
        #expect(json == "{\n  \"a\": [\n    null,\n    []\n  ],\n  \"b\": 1\n}\n")
        let table = try await fixture.output(#"show({{name = "x", size = 2}, {name = "yy", size = 10}}, "table")"#)
        #expect(table == "name  size\nx     2\nyy    10\n(2 rows)\n")
        let result = try await fixture.evaluate(#"local ok, e = pcall(show, 1, "xml") return e.message"#)
        #expect(result == "bad argument #2 to 'show' (\"json\" or \"table\" expected, got string)")
    }

    private func format(_ json: JSON) -> String {
        ResultDisplay(colors: false, json: false).format([snapshot(of: json)])
    }

    private func snapshot(of json: JSON) -> LuaSnapshot {
        var id = 0
        func make(_ json: JSON) -> LuaSnapshot {
            switch json {
            case .null: return .null
            case .bool(let flag): return .boolean(flag)
            case .int(let number): return .integer(number)
            case .double(let number): return .number(number)
            case .string(let text): return .string(Array(text.utf8))
            case .bytes(let bytes): return .string(bytes)
            case .array(let items):
                id += 1
                return .table(LuaTableSnapshot(
                    id: id, entries: items.enumerated().map { LuaSnapshotEntry(key: .integer(Int64($0.offset + 1)), value: make($0.element)) },
                    isArray: true))
            case .object(let members):
                id += 1
                return .table(LuaTableSnapshot(
                    id: id, entries: members.sorted { $0.key < $1.key }.map { LuaSnapshotEntry(key: .string(Array($0.key.utf8)), value: make($0.value)) },
                    isArray: false))
            }
        }
        return make(json)
    }
}
