import JSONCore
import Testing

@Suite struct JSONSerializerTests {
    @Test(arguments: [
        ("plain", #""plain""#), ("naïve €", #""naïve €""#), ("q\"b\\s", #""q\"b\\s""#),
        ("a\nb\rc\td", #""a\nb\rc\td""#), ("\u{1}\u{1f}", #""\u0001\u001f""#), ("", #""""#),
    ])
    func stringsAreEscapedOnlyWhereJSONNeedsIt(value: String, expected: String) throws {
        #expect(try JSON.string(value).serializedString() == expected)
    }

    @Test func sortedKeysWriteMembersInByteOrderAtEveryLevel() throws {
        let value: JSON = ["b": 1, "a": ["z": true, "y": nil], "C": [3, "x"], "aa": 2.5]
        #expect(try value.serializedString(options: .sortedKeys) == #"{"C":[3,"x"],"a":{"y":null,"z":true},"aa":2.5,"b":1}"#)
    }

    @Test func valuesSurviveARoundTrip() throws {
        let value: JSON = [
            "int": .int(.min), "max": .int(.max), "float": 10.0, "small": 1e-7, "text": "line\nbreak \"quoted\" é",
            "list": [nil, true, false, [:], []], "nested": ["deeper": ["deepest": "😀"]],
        ]
        #expect(try JSON.parse(value.serialized()) == value)
        #expect(try JSON.parse(value.serialized(options: [.sortedKeys, .pretty])) == value)
    }

    @Test func valuesWithoutJSONFormNameTheirPath() {
        #expect {
            try JSON.object(["data": ["tags": [1, .double(.nan)]]]).serialized()
        } throws: { error in
            let error = error as? JSONError
            return error?.code == .notRepresentable && error?.message.contains("$.data.tags[1]") == true
        }
        #expect { try JSON.array([.bytes([0xFF])]).serialized() } throws: { ($0 as? JSONError)?.code == .notUTF8 }
    }

    @Test func serializingInPlaceAppendsAfterWhatIsThereAndLeavesItAloneOnFailure() throws {
        var output = Array("prefix:".utf8)
        try JSON.object(["b": 1, "a": "x"]).serialize(appendingTo: &output, options: .sortedKeys)
        #expect(String(decoding: output, as: UTF8.self) == #"prefix:{"a":"x","b":1}"#)
        #expect(throws: JSONError.self) { try JSON.array([1, .double(.infinity)]).serialize(appendingTo: &output) }
        #expect(String(decoding: output, as: UTF8.self) == #"prefix:{"a":"x","b":1}"#)
    }
}
