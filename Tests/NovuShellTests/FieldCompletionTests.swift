import Testing
@testable import NovuShell

/// Tab completion of the field names of a `novu.*` request table.
struct FieldCompletionTests {
    @Test func insideTheFieldsTableTheOperationsFieldNamesAreOffered() {
        #expect(FieldCompletion.complete(#"novu.subscribers.patch("u1", {fir"#) == Completion(replaceLength: 3, candidates: ["firstName = "]))
        #expect(FieldCompletion.complete(#"novu.subscribers.create({subscriberId = "a", la"#)
            == Completion(replaceLength: 2, candidates: ["lastName = "]))
        let all = FieldCompletion.complete("novu.subscribers.search({")
        #expect(all?.replaceLength == 0)
        #expect(all?.candidates.contains("email = ") == true)
        #expect(all?.candidates.contains("limit = ") == true)
    }

    @Test func outsideAKeyPositionNothingIsOffered() {
        #expect(FieldCompletion.complete(#"novu.subscribers.patch("u1", {firstName = fi"#) == nil)
        #expect(FieldCompletion.complete(#"novu.subscribers.patch("fi"#) == nil)
        #expect(FieldCompletion.complete("print({fir") == nil)
        #expect(FieldCompletion.complete(#"novu.subscribers.patch("u1", {data = {pl"#) == nil)
        #expect(FieldCompletion.complete(#"novu.subscribers.patch("u1", {}) x = {fir"#) == nil)
    }

    @Test func bracketsInsideStringsDoNotConfuseIt() {
        #expect(FieldCompletion.complete(#"novu.subscribers.patch("u1)", {em"#) == Completion(replaceLength: 2, candidates: ["email = "]))
    }
}
