import NIOCore

/// The request bytes of a plain HTTP/1.1 exchange.
///
/// ``encode(method:target:host:headers:body:)`` writes the request line, the header fields as given
/// (``HTTPTransport`` has checked each for line breaks), `Host`, `Content-Length` and the body into one
/// buffer, which ``PlainHTTPExchangeHandler`` puts on the wire. NIO's `HTTPRequestEncoder` and header
/// validator did the same work generically, at about thirty thousand instructions a request.
enum PlainHTTPRequestEncoder {
    /// The request on the wire. `Host` and `Content-Length` among `headers` are replaced; a write
    /// (`POST`, `PUT`, `PATCH`) without a body says `Content-Length: 0`.
    static func encode(method: String, target: String, host: String, headers: [(String, String)], body: [UInt8]?)
        -> ByteBuffer
    {
        var length: Int?
        if let body {
            length = body.count
        } else if method == "POST" || method == "PUT" || method == "PATCH" {
            length = 0
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + target.utf8.count + (body?.count ?? 0))
        let lineEnd: [UInt8] = [0x0D, 0x0A]
        bytes.append(contentsOf: method.utf8)
        bytes.append(0x20)
        bytes.append(contentsOf: target.utf8)
        bytes.append(contentsOf: " HTTP/1.1\r\n".utf8)
        for (name, value) in headers where !isFramingField(name) {
            bytes.append(contentsOf: name.utf8)
            bytes.append(contentsOf: ": ".utf8)
            bytes.append(contentsOf: value.utf8)
            bytes.append(contentsOf: lineEnd)
        }
        bytes.append(contentsOf: "Host: ".utf8)
        bytes.append(contentsOf: host.utf8)
        bytes.append(contentsOf: lineEnd)
        if let length {
            bytes.append(contentsOf: "Content-Length: ".utf8)
            bytes.append(contentsOf: String(length).utf8)
            bytes.append(contentsOf: lineEnd)
        }
        bytes.append(contentsOf: lineEnd)
        if let body { bytes.append(contentsOf: body) }
        return ByteBuffer(bytes: bytes)
    }

    /// `Host` and `Content-Length`, whatever their case: the encoder writes those itself.
    private static func isFramingField(_ name: String) -> Bool {
        APIHeaders.sameName(name, "Host") || APIHeaders.sameName(name, "Content-Length")
    }
}
