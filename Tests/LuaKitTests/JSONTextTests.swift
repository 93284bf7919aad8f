import JSONCore
import LuaKit
import Testing

/// JSON text read straight into Lua values gives what parsing it and pushing the ``JSON`` gives,
/// and leaves nothing behind when the text is not JSON.
struct JSONTextTests {
    let state: LuaState

    init() throws { state = try LuaState() }

    /// Pushes `text` directly, converts the value back, and checks the stack grew by one.
    private func read(_ text: String, unwrapping member: String? = nil) throws -> JSON {
        let stack = state.main
        let before = stack.top
        try stack.push(jsonText: Array(text.utf8), unwrapping: member)
        #expect(stack.top == before + 1)
        defer { stack.pop() }
        return try stack.json(at: -1)
    }

    @Test(arguments: [
        "null", "true", "false", "0", "-12", "9223372036854775807", "-9223372036854775808", "1.5", "-0.0", "1e300",
        "12345678901234567890", #""""#, #""café""#, #""a\u0000b\n\"\\\/\ud83d\ude00""#, "[]", "{}", " [ [] , {} , [ {} ] ] ",
        #"{"a":[1,2,3],"b":{"c":null},"d":"x"}"#, "[1,null,3]", #"{"k":1,"k":2}"#,
    ])
    func textReadsAsItsParsedValue(_ text: String) throws {
        #expect(try read(text) == JSON.parse(text))
    }

    /// Objects of up to 32 members are made at their size, larger ones grow: both read the same.
    @Test(arguments: [1, 31, 32, 33, 64, 1000])
    func objectsOfAnySizeReadAsTheirParsedValue(members: Int) throws {
        let text = "{" + (0..<members).map { #""k\#($0)":\#($0)"# }.joined(separator: ",") + #","k0":"last"}"#
        #expect(try read(text) == JSON.parse(text))
        #expect(try read("[" + text + "," + text + "]") == JSON.parse("[" + text + "," + text + "]"))
    }

    @Test func emptyContainersKeepTheirKind() throws {
        let stack = state.main
        try stack.push(jsonText: Array(#"{"list":[],"map":{}}"#.utf8))
        defer { stack.pop() }
        #expect(try stack.json(at: -1) == ["list": [], "map": [:]])
    }

    @Test func aSoleEnvelopeMemberStandsForTheWhole() throws {
        #expect(try read(#"{"data":{"id":"u1"}}"#, unwrapping: "data") == ["id": "u1"])
        #expect(try read(#"{"data":[1,2]}"#, unwrapping: "data") == [1, 2])
        #expect(try read(#"{"data":null}"#, unwrapping: "data") == .null)
        #expect(try read(#"{"data":[],"hasMore":false}"#, unwrapping: "data") == ["data": [], "hasMore": false])
        #expect(try read(#"{"other":1}"#, unwrapping: "data") == ["other": 1])
        #expect(try read(#"{}"#, unwrapping: "data") == [:])
        #expect(try read(#"[{"data":1}]"#, unwrapping: "data") == [["data": 1]])
    }

    @Test(arguments: ["", "{", #"{"a":}"#, "[1,]", "[1 2]", #"{"a":1,}"#, "nul", "01", #""\x""#, "1 2", #"{"a":[1,{"b":"#])
    func textThatIsNotJSONPushesNothing(_ text: String) {
        let stack = state.main
        let before = stack.top
        #expect(throws: JSONError.self) { try stack.push(jsonText: Array(text.utf8), unwrapping: "data") }
        #expect(stack.top == before)
    }

    @Test func invalidUTF8IsRefused() {
        let stack = state.main
        let before = stack.top
        #expect(throws: JSONError.self) { try stack.push(jsonText: [0x22, 0xC3, 0x28, 0x22]) }
        #expect(stack.top == before)
    }

    @Test func nestingPastTheLimitIsRefused() {
        let stack = state.main
        let before = stack.top
        let deep = String(repeating: "[", count: JSON.maximumDepth + 1) + String(repeating: "]", count: JSON.maximumDepth + 1)
        let failure = #expect(throws: JSONError.self) { try stack.push(jsonText: Array(deep.utf8)) }
        #expect(failure?.code == .tooDeep)
        #expect(stack.top == before)
    }
}
