import LuaKit
import NovuShell
import Testing

struct PrinterTests {
    let plain = Printer(colors: false)

    private func string(_ text: String) -> LuaSnapshot { .string(Array(text.utf8)) }

    private func table(
        _ id: Int, _ entries: [(LuaSnapshot, LuaSnapshot)], isArray: Bool = false, isMarkedObject: Bool = false,
        omitted: Int = 0, tostring: String? = nil
    ) -> LuaSnapshot {
        .table(
            LuaTableSnapshot(
                id: id, entries: entries.map { LuaSnapshotEntry(key: $0.0, value: $0.1) }, isArray: isArray,
                isMarkedObject: isMarkedObject, omitted: omitted, tostring: tostring))
    }

    private func array(_ id: Int, _ values: [LuaSnapshot], omitted: Int = 0) -> LuaSnapshot {
        table(id, values.enumerated().map { (.integer(Int64($0.offset + 1)), $0.element) }, isArray: true, omitted: omitted)
    }

    // MARK: - Scalars

    @Test(arguments: [
        (LuaSnapshot.nil, "nil"), (.boolean(true), "true"), (.boolean(false), "false"), (.null, "null"),
        (.integer(1), "1"), (.integer(-42), "-42"), (.integer(.max), "9223372036854775807"),
        (.integer(.min), "-9223372036854775808"),
    ])
    func scalarsPrintAsLuaWrites(value: LuaSnapshot, expected: String) {
        #expect(plain.format(value) == expected)
    }

    @Test(arguments: [
        (1.0, "1.0"), (0.1, "0.1"), (-0.0, "-0.0"), (1e100, "1e+100"), (2.5, "2.5"),
        (Double.nan, "nan"), (Double.infinity, "inf"), (-Double.infinity, "-inf"), (9007199254740993.0, "9007199254740992.0"),
    ])
    func floatsAreToldApartFromIntegers(value: Double, expected: String) {
        #expect(plain.format(.number(value)) == expected)
    }

    @Test func integersAndFloatsWithTheSameValueLookDifferent() {
        #expect(plain.format(.integer(1)) != plain.format(.number(1)))
    }

    @Test(arguments: [
        ("hello", #""hello""#), ("café", #""café""#), ("a\"b", #""a\"b""#), ("back\\slash", #""back\\slash""#),
        ("line\nnext\ttab\r", #""line\nnext\ttab\r""#), ("\u{7}bell\u{0}", #""\x07bell\x00""#), ("😀", #""😀""#),
        ("\u{85}", #""\u{85}""#),
    ])
    func stringsAreQuotedLuaLiterals(text: String, expected: String) {
        #expect(plain.format(string(text)) == expected)
    }

    @Test func bytesThatAreNotUTF8ShowAsHexEscapes() {
        #expect(plain.format(.string([0x61, 0xFF, 0xC3])) == #""a\xFF\xC3""#)
        // An overlong encoding of "/" and a UTF-16 surrogate encoded as UTF-8 are not valid either.
        #expect(plain.format(.string([0xC0, 0xAF])) == #""\xC0\xAF""#)
        #expect(plain.format(.string([0xED, 0xA0, 0x80])) == #""\xED\xA0\x80""#)
        // A valid sequence right after an invalid byte is kept.
        #expect(plain.format(.string([0xFF, 0xC3, 0xA9])) == #""\xFFé""#)
    }

    @Test func opaqueValuesShowTheirDescription() {
        #expect(plain.format(.opaque(type: "function", description: "function: 0x1234")) == "function: 0x1234")
    }

    // MARK: - Tables

    @Test func arraysPrintValuesWithoutKeys() {
        #expect(plain.format(array(1, [.integer(1), .integer(2), .integer(3)])) == "{ 1, 2, 3 }")
    }

    @Test func mapsPrintNamesBracketedKeysAndNumbers() {
        let value = table(
            1,
            [
                (.integer(10), .integer(3)), (string("a"), .integer(1)), (string("a b"), .integer(2)),
                (string("end"), .boolean(true)), (.number(1.5), string("x")), (.boolean(true), .null),
            ])
        #expect(
            plain.format(value)
                == #"{ [10] = 3, a = 1, ["a b"] = 2, ["end"] = true, [1.5] = "x", [true] = null }"#)
    }

    @Test func leadingSequenceOfAMixedTableHasNoKeys() {
        let value = table(1, [(.integer(1), string("a")), (.integer(2), string("b")), (string("n"), .integer(2))])
        #expect(plain.format(value) == #"{ "a", "b", n = 2 }"#)
    }

    @Test func holeInTheSequenceKeepsTheKeys() {
        let value = table(1, [(.integer(1), .integer(1)), (.integer(3), .integer(3))])
        #expect(plain.format(value) == "{ 1, [3] = 3 }")
    }

    @Test func emptyTablesShowTheirJSONMarker() {
        #expect(plain.format(table(1, [])) == "{}")
        #expect(plain.format(table(1, [], isArray: true)) == "{} --[[array]]")
        #expect(plain.format(table(1, [], isMarkedObject: true)) == "{} --[[object]]")
        let nested = table(1, [(string("tags"), table(2, [], isArray: true)), (string("meta"), table(3, []))])
        #expect(plain.format(nested) == "{ tags = {} --[[array]], meta = {} }")
    }

    @Test func nestedTablesStayOnOneLineWhenShort() {
        let value = table(1, [(string("user"), table(2, [(string("id"), string("u1"))])), (string("n"), .integer(1))])
        #expect(plain.format(value) == #"{ user = { id = "u1" }, n = 1 }"#)
    }

    @Test func longTablesPutOneEntryPerLine() {
        let inner = array(3, [.integer(1), .integer(2)])
        let value = table(
            1,
            [
                (string("description"), string(String(repeating: "x", count: 60))),
                (string("short"), table(2, [(string("a"), .integer(1))])), (string("list"), inner),
            ])
        let expected = """
            {
              description = "\(String(repeating: "x", count: 60))",
              short = { a = 1 },
              list = { 1, 2 },
            }
            """
        #expect(plain.format(value) == expected)
    }

    @Test func nestedLongTablesIndentByTwoSpaces() {
        let words = (1...12).map { string("word\($0)") }
        let value = table(1, [(string("items"), array(2, words))])
        let expected = """
            {
              items = {
                "word1",
                "word2",
                "word3",
                "word4",
                "word5",
                "word6",
                "word7",
                "word8",
                "word9",
                "word10",
                "word11",
                "word12",
              },
            }
            """
        #expect(plain.format(value) == expected)
        for line in plain.format(value).split(separator: "\n") { #expect(line.count <= 80) }
    }

    @Test func lineLengthCountsTheIndentation() {
        // 78 columns on its own, so it fits at the top level but not nested under a key.
        let inner = array(2, (1...19).map { _ in .integer(11) })
        let innerText = plain.format(inner)
        #expect(!innerText.contains("\n"))
        let outer = table(1, [(string("key"), inner)])
        #expect(plain.format(outer).contains("\n"))
    }

    @Test func cyclesAreMarkedAndTheirTargetLabelled() {
        let value = table(1, [(string("name"), string("loop")), (string("self"), .cycle(id: 1))])
        #expect(plain.format(value) == #"<table: 1> { name = "loop", self = <cycle table: 1> }"#)
    }

    @Test func elidedDepthShowsBraces() {
        let value = table(1, [(string("deep"), .elided(id: 2))])
        #expect(plain.format(value) == "{ deep = {...} }")
    }

    @Test func omittedEntriesAreCounted() {
        #expect(plain.format(array(1, [.integer(1), .integer(2)], omitted: 48)) == "{ 1, 2, ... (48 more) }")
    }

    @Test func tableWithToStringPrintsThatText() {
        let value = table(1, [(string("status"), .integer(404))], tostring: "404 Not Found: GET /v2/subscribers/x")
        #expect(plain.format(value) == "404 Not Found: GET /v2/subscribers/x")
    }

    @Test func severalValuesAreSeparatedByTabs() {
        #expect(plain.format([.integer(1), string("a"), .nil]) == "1\t\"a\"\tnil")
        #expect(plain.format([LuaSnapshot]()) == "")
    }

    // MARK: - Colours

    @Test func colourOffProducesNoEscapeBytes() {
        let value = table(
            1,
            [
                (string("s"), string("x")), (string("i"), .integer(1)), (string("f"), .number(0.5)),
                (string("b"), .boolean(true)), (string("n"), .null), (string("c"), .cycle(id: 1)),
                (string("e"), .elided(id: 3)), (string("a"), table(2, [], isArray: true)),
            ], omitted: 3)
        #expect(!plain.format(value).utf8.contains(0x1B))
    }

    @Test func colourOnStylesStringsNumbersAndKeywords() {
        let coloured = Printer(colors: true)
        #expect(coloured.format(string("x")) == "\u{1B}[32m\"x\"\u{1B}[0m")
        #expect(coloured.format(.integer(7)) == "\u{1B}[36m7\u{1B}[0m")
        #expect(coloured.format(.number(7)) == "\u{1B}[36m7.0\u{1B}[0m")
        #expect(coloured.format(.boolean(false)) == "\u{1B}[35mfalse\u{1B}[0m")
        #expect(coloured.format(.nil) == "\u{1B}[35mnil\u{1B}[0m")
        #expect(coloured.format(.null) == "\u{1B}[35mnull\u{1B}[0m")
    }

    @Test func coloursDoNotCountTowardsLineLength() {
        let value = array(1, (1...19).map { _ in .integer(11) })
        #expect(!Printer(colors: true).format(value).contains("\n"))
    }
}
