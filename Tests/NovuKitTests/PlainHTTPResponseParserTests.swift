import Testing

@testable import NovuKit

/// Answers are read whole however their bytes arrive, framed by length, chunks or the connection's
/// end; anything that is not HTTP/1.x is refused as a bad answer.
@Suite struct PlainHTTPResponseParserTests {
    private static let limit = 1024

    /// Feeds `text` whole, or one byte at a time; returns the answer, if complete.
    private func parse(_ text: String, bodyless: Bool = false, byteByByte: Bool = false) throws -> PlainHTTPResponse? {
        var parser = PlainHTTPResponseParser(maximumBodyBytes: Self.limit)
        parser.expectAnswer(bodyless: bodyless)
        let bytes = Array(text.utf8)
        guard byteByByte else { return try parser.feed(bytes) }
        var answer: PlainHTTPResponse?
        for byte in bytes {
            #expect(answer == nil, "nothing arrives after the answer")
            answer = try parser.feed([byte])
        }
        return answer
    }

    private func body(_ response: PlainHTTPResponse?) -> String? { response.map { String(decoding: $0.body, as: UTF8.self) } }

    @Test(arguments: [false, true])
    func aLengthFramedAnswerKeepsItsStatusFieldsInOrderAndBody(byteByByte: Bool) throws {
        let text = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Twice: a\r\nx-twice:  b \r\nContent-Length: 7\r\n\r\n{\"a\":1}"
        let response = try #require(try parse(text, byteByByte: byteByByte))
        #expect(response.status == 201 && response.keepAlive)
        #expect(response.headers.map(\.0) == ["Content-Type", "X-Twice", "x-twice", "Content-Length"])
        #expect(response.headers.map(\.1) == ["application/json", "a", "b", "7"])
        #expect(body(response) == #"{"a":1}"#)
    }

    @Test(arguments: [false, true])
    func aChunkedAnswerIsJoinedPastExtensionsAndTrailers(byteByByte: Bool) throws {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n4;ext=1\r\nWiki\r\nA\r\npedia in\r\n\r\n0\r\nX-Trailer: t\r\n\r\n"
        let response = try #require(try parse(text, byteByByte: byteByByte))
        #expect(body(response) == "Wikipedia in\r\n")
        #expect(response.keepAlive)
    }

    @Test func anAnswerWithoutLengthRunsToTheConnectionsEnd() throws {
        var parser = PlainHTTPResponseParser(maximumBodyBytes: Self.limit)
        parser.expectAnswer(bodyless: false)
        let first = try parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello ".utf8))
        let second = try parser.feed(Array("world".utf8))
        #expect(first == nil && second == nil)
        let closed = parser.finishAtClose()
        let response = try #require(closed)
        #expect(body(response) == "hello world" && !response.keepAlive)
    }

    @Test func anAnswerCutShortByTheCloseIsNotAnAnswer() throws {
        var parser = PlainHTTPResponseParser(maximumBodyBytes: Self.limit)
        parser.expectAnswer(bodyless: false)
        let partial = try parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf".utf8))
        let closed = parser.finishAtClose()
        #expect(partial == nil && closed == nil)
    }

    @Test func headNoContentAndNotModifiedAnswersHaveNoBody() throws {
        #expect(try parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", bodyless: true)?.body == [])
        #expect(try parse("HTTP/1.1 204 No Content\r\n\r\n")?.status == 204)
        #expect(try parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n")?.body == [])
    }

    @Test func framingFieldsAreRecognizedInAnyCase() throws {
        let response = try parse("HTTP/1.1 200 OK\r\nCONTENT-length:2\r\ncOnNeCtIoN: CLOSE\r\n\r\nokEXTRA")
        #expect(body(response) == "ok" && response?.keepAlive == false)
        let chunked = try parse("HTTP/1.1 200 OK\r\ntransfer-ENCODING: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")
        #expect(body(chunked) == "ok")
    }

    @Test func interimAnswersAreSkipped() throws {
        let response = try parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        #expect(response?.status == 200 && body(response) == "ok")
    }

    @Test func keepAliveFollowsTheVersionAndConnectionField() throws {
        #expect(try parse("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 0\r\n\r\n")?.keepAlive == false)
        #expect(try parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")?.keepAlive == false)
        #expect(try parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n")?.keepAlive == true)
        #expect(try parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxEXTRA")?.keepAlive == false, "bytes past the answer")
    }

    @Test(arguments: [
        "HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n", "SMTP 220 ready\r\n\r\n",
        "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", "HTTP/1.1 200 OK\r\n folded: x\r\n\r\n", "HTTP/1.1 200 OK\r\n: empty\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nok", "HTTP/1.1 200 OK\r\nContent-Length: 1 1\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n" + String(repeating: "x", count: 2000),
    ])
    func malformedOrOversizedAnswersAreRefused(_ text: String) {
        let failure = #expect(throws: PlainHTTPFailure.self) { _ = try parse(text) }
        #expect(failure?.kind == .badAnswer)
    }

    @Test func headerFieldsPastTheLimitAreRefusedBeforeTheirEnd() {
        var parser = PlainHTTPResponseParser(maximumBodyBytes: Self.limit)
        parser.expectAnswer(bodyless: false)
        let head = Array(("HTTP/1.1 200 OK\r\nX: " + String(repeating: "y", count: PlainHTTPResponseParser.maximumHeadBytes)).utf8)
        var failure: PlainHTTPFailure?
        do { _ = try parser.feed(head) } catch { failure = error }
        #expect(failure?.kind == .badAnswer)
    }

    @Test func theSameParserReadsTheNextAnswerAfterExpectingIt() throws {
        var parser = PlainHTTPResponseParser(maximumBodyBytes: Self.limit)
        for index in 0..<3 {
            parser.expectAnswer(bodyless: false)
            let response = try parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n\(index)".utf8))
            #expect(response.map { String(decoding: $0.body, as: UTF8.self) } == "\(index)")
        }
    }
}
