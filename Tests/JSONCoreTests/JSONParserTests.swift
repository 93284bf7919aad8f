import JSONCore
import Testing

@Suite struct JSONParserTests {
    @Test(arguments: [
        ("0", JSON.int(0)), ("-0", .int(0)), ("7", .int(7)), ("-7", .int(-7)),
        ("123456789012345678", .int(123_456_789_012_345_678)), ("-123456789012345678", .int(-123_456_789_012_345_678)),
        ("999999999999999999", .int(999_999_999_999_999_999)),
        ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808)), ("10.0", .double(10)), ("-1.5e3", .double(-1500)),
        ("2E2", .double(200)),
    ])
    func numbersKeepTheirKindAndValueAtEveryLength(text: String, expected: JSON) throws {
        #expect(try JSON.parse(text) == expected)
    }

    @Test(arguments: ["01", "-", "1.", "1e", "+1", ".5", "1.2.3"])
    func malformedNumbersAreSyntaxErrors(text: String) {
        #expect(throws: JSONError.self) { try JSON.parse(text) }
    }

    @Test func stringsDecodeEveryEscape() throws {
        let text = #"["plain", "q\"b\\s\/", "\b\f\n\r\t", "\u00e9\u20ac", "\ud83d\ude00", "naïve"]"#
        #expect(try JSON.parse(text) == ["plain", "q\"b\\s/", "\u{8}\u{c}\n\r\t", "é€", "😀", "naïve"])
    }

    @Test(arguments: [
        (#""\ud83d""#, "unpaired surrogate"), (#""a\qb""#, "invalid escape"), ("\"a\u{1}b\"", "control character"),
        (#""abc"#, "unterminated string"), ("[1,]", "unexpected character"), (#"{"a" 1}"#, "expected ':'"),
        ("[1] 2", "unexpected data after the JSON value"),
    ])
    func syntaxErrorsSayWhatIsWrong(text: String, expected: String) {
        #expect {
            try JSON.parse(text)
        } throws: { error in
            let error = error as? JSONError
            return error?.code == .syntax && error?.message.contains(expected) == true && error?.message.contains("offset") == true
        }
    }

    @Test func invalidUTF8InAStringIsNotUTF8() {
        #expect {
            try JSON.parse([0x22, 0xFF, 0xFE, 0x22])
        } throws: { ($0 as? JSONError)?.code == .notUTF8 }
    }

    @Test func nestingPastTheLimitIsTooDeep() throws {
        let deep = String(repeating: "[", count: JSON.maximumDepth + 1) + String(repeating: "]", count: JSON.maximumDepth + 1)
        #expect { try JSON.parse(deep) } throws: { ($0 as? JSONError)?.code == .tooDeep }
        let allowed = String(repeating: "[", count: JSON.maximumDepth) + String(repeating: "]", count: JSON.maximumDepth)
        #expect(try JSON.parse(allowed).arrayValue?.count == 1)
    }

    @Test func duplicateKeysKeepTheLastValue() throws {
        #expect(try JSON.parse(#"{"a": 1, "a": 2}"#) == ["a": 2])
    }
}
