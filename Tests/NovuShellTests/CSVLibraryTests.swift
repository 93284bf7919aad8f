import Foundation
import JSONCore
import Testing
@testable import NovuShell

/// `csv.read` and `csv.write` through CSV.swift.
@Suite(.timeLimit(.minutes(1)))
struct CSVLibraryTests {
    @Test func rowsWithQuotesCommasAndNewlinesSurviveARoundTrip() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let path = fixture.directory + "/people.csv"
        let result = try await fixture.evaluate(
            """
            local rows = {
              {id = "u1", name = 'Ada "the Countess" Lovelace', note = "line one\\nline two", tags = {"a", "b"}},
              {id = "u2", name = "Smith, John", note = "", count = 3},
            }
            local written = csv.write("\(path)", rows, {"id", "name", "note", "count", "tags"})
            local back = csv.read("\(path)")
            return {written = written, back = back}
            """)
        #expect(result["written"] == 2)
        #expect(result["back"] == [
            ["id": "u1", "name": "Ada \"the Countess\" Lovelace", "note": "line one\nline two", "count": "", "tags": "[\"a\",\"b\"]"],
            ["id": "u2", "name": "Smith, John", "note": "", "count": "3", "tags": ""],
        ])
    }

    @Test func aBadRowLeavesTheFileThatWasThereUntouched() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let path = fixture.directory + "/export.csv"
        try "id\nkept\n".write(toFile: path, atomically: true, encoding: .utf8)
        let message = try await fixture.evaluate(
            "local ok, e = pcall(csv.write, '\(path)', {{id = 'a'}, 'not a row', {id = 'c'}}) return e.message")
        #expect(message.stringValue?.contains("row 2 is not a table of fields") == true, "\(message)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "id\nkept\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.directory).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func aRowWithTheWrongFieldCountNamesItsLine() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let path = fixture.directory + "/bad.csv"
        try "id,name\nu1,\"two\nlines\"\nu2,Bob\nu3,Carl,extra\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await fixture.evaluate("local ok, e = pcall(csv.read, '\(path)') return e.message")
        #expect(result == .string("csv.read: \(path):5: row has 3 fields, the header has 2"))
    }

    @Test func anUnclosedQuoteNamesTheLineWhereItOpened() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let path = fixture.directory + "/open.csv"
        try "id,name\nu1,Ada\nu2,\"Bob\nu3,Carl\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await fixture.evaluate("local ok, e = pcall(csv.read, '\(path)') return e.message")
        #expect(result == .string("csv.read: \(path):3: a quoted field is not closed before the end of the file"))
    }

    @Test func headerOnlyFilesAndBlankLinesGiveNoRows() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let path = fixture.directory + "/empty.csv"
        try "id,name\r\n\r\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try await fixture.evaluate("return #csv.read('\(path)')") == 0)
    }
}
