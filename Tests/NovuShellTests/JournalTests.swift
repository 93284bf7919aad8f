import Foundation
import JSONCore
import NovuKit
import NovuTesting
import Testing

@testable import NovuShell

/// The journal itself: its background writer (lines handed over in bursts are written together, each
/// in its own journal and in the order they were handed over) and how an id names an entry.
@Suite struct JournalTests {
    @Test func entriesOfTwoProfilesHandedOverInterleavedLandInOrderInTheirOwnJournals() throws {
        let home = try TemporaryHome()
        let paths = ShellPaths(environment: ["HOME": home.url.path])
        let journals = [Journal(profile: "dev", paths: paths), Journal(profile: "prod", paths: paths)]
        for index in 0..<600 {
            let journal = journals[index % 3 == 0 ? 1 : 0]
            let entry = JournalEntry(
                profile: index % 3 == 0 ? "prod" : "dev", operation: "subscribers.patch", method: "PATCH",
                route: "/v2/subscribers/u\(index)", body: nil, status: 200, before: nil)
            journal.appendLater(entry, completing: { entry in
                entry.body = ["n": .int(Int64(index))]
                return nil
            }, failed: { _ in })
        }
        let dev = journals[0].entries().map { $0.body?["n"]?.intValue ?? -1 }
        let prod = journals[1].entries().map { $0.body?["n"]?.intValue ?? -1 }
        #expect(dev == (0..<600).filter { $0 % 3 != 0 }.map(Int64.init))
        #expect(prod == stride(from: 0, to: 600, by: 3).map(Int64.init))
        #expect(Set(journals[0].entries().map(\.id)).count == dev.count, "every entry has its own id")
    }

    @Test func anIdPrefixNamingSeveralEntriesIsRefusedWithTheirIds() async throws {
        let fixture = try SafetyFixture()
        let session = fixture.session()
        for id in ["abc123000001", "abc123000002", "ffff00000000"] {
            var entry = JournalEntry(
                profile: "test", operation: "subscribers.patch", method: "PATCH", route: "/v2/subscribers/u1", body: nil,
                status: 200, before: nil)
            entry.id = id
            session.journal.appendLater(entry, completing: { _ in nil }, failed: { _ in })
        }
        let ambiguous = await #expect(throws: NovuClientError.self) { try await Undo(session: session).undo(id: "abc123") }
        #expect(ambiguous?.code == .invalidArgument)
        #expect(ambiguous?.message.contains("abc123 names 2 journal entries") == true)
        #expect(ambiguous?.message.contains("abc123000001") == true && ambiguous?.message.contains("abc123000002") == true)
        let unknown = await #expect(throws: NovuClientError.self) { try await Undo(session: session).undo(id: "0123") }
        #expect(unknown?.message.contains("no journal entry 0123") == true)
        #expect(session.journal.entries(matching: "ffff").map(\.id) == ["ffff00000000"])
        await session.connection.close()
    }

    @Test func newEntriesHaveTwelveHexDigitIds() {
        let entry = JournalEntry(profile: "p", operation: "o", method: "POST", route: "/", body: nil, status: nil, before: nil)
        #expect(entry.id.count == 12)
        #expect(entry.id.allSatisfy { $0.isHexDigit })
    }

    /// A line is the entry's JSON with sorted keys, byte for byte, whichever members it has.
    @Test func aLineIsTheEntrysJSONWithSortedKeys() {
        var full = JournalEntry(
            profile: "prod eu", operation: "subscribers.patch", method: "PATCH", route: "/v2/subscribers/a%22b",
            body: ["lastName": "Ō\"quote\"", "data": ["z": 1, "a": [true, .null]]], status: 200,
            before: BeforeImage(kind: .subscriber, subscriberId: "a\"b", value: ["firstName": "Ada"]))
        full.undoes = "abc123000001"
        let bare = JournalEntry(profile: "p", operation: "request", method: "DELETE", route: "/v1/x", body: nil, status: nil, before: nil)
        for entry in [full, bare] {
            let expected = ((try? entry.json.serialized(options: [.sortedKeys])) ?? []) + [0x0A]
            #expect(Journal.line(entry) == expected)
        }
    }

    /// A novush engine's answer header for a read that returned `body`, decoded as the session does.
    private static func answer(_ body: String, status: Int = 200) throws -> APIResponse {
        try #require(BeforeImageHeader.answer("\(status) " + Data(body.utf8).base64EncodedString()))
    }

    @Test func aBeforeImageQuotedAsTheEngineSentItReadsBackAsTheDecodedOne() throws {
        let record = #"{"_id":"6b0","subscriberId":"ada","firstName":"Ada","data":{"plan":"pro","n":[1,2.5e3,null,true]},"channels":[]}"#
        let answer = try Self.answer(#"{"data":"# + record + "}")
        let verbatim = try #require(BeforeImage.verbatim(.subscriber, subscriberId: "ada", response: answer))
        let entry = JournalEntry(
            profile: "p", operation: "subscribers.patch", method: "PATCH", route: "/v2/subscribers/ada", body: ["lastName": "L"],
            status: 200, before: nil)
        let quoted = Journal.line(entry, verbatimBefore: verbatim)
        var decoded = entry
        decoded.before = BeforeImage.image(.subscriber, subscriberId: "ada", response: answer)
        let parsed = try JSON.parse(Array(quoted.dropLast()))
        #expect(quoted.last == 0x0A && !quoted.dropLast().contains(0x0A))
        #expect(JournalEntry(json: parsed) == decoded)
        #expect(decoded.before?.value["data"]?["plan"] == "pro")
    }

    @Test func imagesThatMayHoldSecretsOrAreNotPlainJSONAreDecodedAndRedacted() throws {
        let withWebhook = #"{"data":{"subscriberId":"ada","channels":[{"credentials":{"webhookUrl":"https://hooks/x"}}]}}"#
        let withToken = #"{"data":{"subscriberId":"ada","data":{"accessTOKEN":"t"}}}"#
        let withKey = #"{"data":{"subscriberId":"ada","data":{"Key":"k"}}}"#
        let nonASCII = #"{"data":{"subscriberId":"ada","firstName":"Zoë"}}"#
        let escapedName = #"{"data":{"subscriberId":"ada","data":{"\u0074oken":"t"}}}"#
        for body in [withWebhook, withToken, withKey, nonASCII, escapedName, #"{"data":{"a":1},}"#, #"{"data":1} x"#, #"{"other":{}}"#] {
            #expect(try BeforeImage.verbatim(.subscriber, subscriberId: "ada", response: Self.answer(body)) == nil, "\(body)")
        }
        #expect(try BeforeImage.verbatim(.subscriber, subscriberId: "ada", response: Self.answer(#"{"data":{}}"#, status: 404)) == nil)
        #expect(try BeforeImage.verbatim(.messages, subscriberId: "ada", response: Self.answer(#"{"data":[]}"#)) == nil)
        let redacted = try BeforeImage.image(.subscriber, subscriberId: "ada", response: Self.answer(withWebhook))
        #expect(redacted?.value["channels"]?[0]?["credentials"]?["webhookUrl"] == "[redacted]")
        let decoded = try BeforeImage.image(.subscriber, subscriberId: "ada", response: Self.answer(escapedName))
        #expect(decoded?.value["data"]?["token"] == "[redacted]")
    }
}

