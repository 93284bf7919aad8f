import JSONCore
import Testing

/// The syntax check accepts exactly the JSON documents the parser accepts (ASCII ones) and finds a
/// top-level member's value as written.
struct JSONSyntaxTests {
    private func value(_ text: String, _ name: String = "data") -> String? {
        let bytes = Array(text.utf8)
        return JSONSyntax.memberValue(name, inObject: bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    @Test func theMembersValueIsFoundAsWritten() {
        #expect(value(#"{"data":{"a":[1,-2.5e+3,0.0,true,false,null,"x\"\\\/\b\f\n\r\t\u00e9"]}}"#)
            == #"{"a":[1,-2.5e+3,0.0,true,false,null,"x\"\\\/\b\f\n\r\t\u00e9"]}"#)
        #expect(value(" \n{ \"other\" : 1 ,\t\"data\" : [ ] } \r\n") == "[ ]")
        #expect(value(#"{"data":"text"}"#) == #""text""#)
        #expect(value(#"{"data":0}"#) == "0")
    }

    @Test func aMemberMissingOnlyNestedOrRepeatedIsNotFound() {
        #expect(value(#"{}"#) == nil)
        #expect(value(#"{"inner":{"data":1}}"#) == nil)
        #expect(value(#"{"data":1,"data":2}"#) == nil)
        #expect(value(#"[{"data":1}]"#) == nil)
    }

    @Test(arguments: [
        #"{"data":1,}"#, #"{"data":}"#, #"{"data" 1}"#, #"{"data":1"#, #"{"data":01}"#, #"{"data":1.}"#, #"{"data":.5}"#,
        #"{"data":-}"#, #"{"data":1e}"#, #"{"data":"\x"}"#, #"{"data":"\u12"}"#, #"{"data":"a"#, "{\"data\":\"a\tb\"}",
        #"{"data":tru}"#, #"{"data":[1,]}"#, #"{"data":[1 2]}"#, #"{"data":1} {}"#, #"{"data":1}x"#, #"{data:1}"#,
        #"{"data":"é"}"#, "", "   ",
    ])
    func invalidOrNonASCIITextIsRefused(_ text: String) {
        #expect(JSONSyntax.memberValue("data", inObject: Array(text.utf8)) == nil)
    }

    @Test func whatItAcceptsTheParserReadsToTheSameValue() throws {
        let documents = [
            #"{"data":{"n":[1,2,{"m":null}],"s":"q\"uote","e":1E-7,"z":-0}}"#,
            #"{"x":[[[]]],"data":[{"a":{}},{"b":[true]}]}"#,
        ]
        for document in documents {
            let bytes = Array(document.utf8)
            let range = try #require(JSONSyntax.memberValue("data", inObject: bytes))
            #expect(try JSON.parse(Array(bytes[range])) == JSON.parse(bytes)["data"])
        }
    }

    @Test func nestingPastTheDepthLimitIsRefused() {
        let deep = #"{"data":"# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}"
        #expect(JSONSyntax.memberValue("data", inObject: Array(deep.utf8)) == nil)
    }
}
