import NIOCore
import Testing

@testable import NovuKit

/// The bytes the plain HTTP pool puts on the wire for a request.
@Suite struct PlainHTTPRequestEncoderTests {
    private func text(_ buffer: ByteBuffer) -> String { String(decoding: buffer.readableBytesView, as: UTF8.self) }

    @Test func aWriteCarriesItsFieldsThenHostAndLengthThenItsBody() {
        let request = PlainHTTPRequestEncoder.encode(
            method: "PATCH", target: "/v2/subscribers/u1", host: "127.0.0.1:3000",
            headers: [("Content-Type", "application/json"), ("Idempotency-Key", "k1")], body: Array(#"{"a":1}"#.utf8))
        #expect(text(request) == "PATCH /v2/subscribers/u1 HTTP/1.1\r\nContent-Type: application/json\r\nIdempotency-Key: k1\r\n"
            + "Host: 127.0.0.1:3000\r\nContent-Length: 7\r\n\r\n{\"a\":1}")
    }

    @Test func givenHostAndLengthFieldsAreReplacedWhateverTheirCase() {
        let request = PlainHTTPRequestEncoder.encode(
            method: "POST", target: "/v1/events/trigger", host: "localhost", headers: [("HOST", "elsewhere"), ("content-length", "999")],
            body: nil)
        #expect(text(request) == "POST /v1/events/trigger HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n")
    }

    @Test func aReadWithoutBodyHasNoLength() {
        let request = PlainHTTPRequestEncoder.encode(method: "GET", target: "/v2/subscribers/u1", host: "h", headers: [], body: nil)
        #expect(text(request) == "GET /v2/subscribers/u1 HTTP/1.1\r\nHost: h\r\n\r\n")
    }
}
