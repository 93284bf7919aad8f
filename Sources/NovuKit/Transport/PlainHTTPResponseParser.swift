/// Reads HTTP/1.1 answers from the bytes of a plain connection (RFC 9112): the status line, the
/// header fields and the body, framed by `Content-Length`, chunked transfer coding or the end of the
/// connection; interim (1xx) answers are skipped; a `HEAD` request's, a 204's and a 304's answer has
/// no body.
///
/// NIO's decoder (llhttp, with a callback and a `String` per name and per value, then a header
/// structure that novush copied into ``APIHeaders``) was an eighth of the client's work per request;
/// this reads the bytes once and makes each field's strings once.
struct PlainHTTPResponseParser {
    private let maximumBodyBytes: Int
    /// The most a status line and header fields may take together.
    static let maximumHeadBytes = 80 * 1024

    private enum State {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
    }

    private var state = State.head
    private var bodyless = false
    private var received: [UInt8] = []
    private var position = 0
    private var response = PlainHTTPResponse(status: 0, headers: APIHeaders(), body: [], keepAlive: true)

    init(maximumBodyBytes: Int) { self.maximumBodyBytes = maximumBodyBytes }

    /// Starts reading the answer to a new request; `bodyless` for a `HEAD` request.
    mutating func expectAnswer(bodyless: Bool) {
        self.bodyless = bodyless
        state = .head
        received.removeAll(keepingCapacity: true)
        position = 0
        response = PlainHTTPResponse(status: 0, headers: APIHeaders(), body: [], keepAlive: true)
    }

    /// Takes the bytes that arrived; returns the answer once it is complete.
    /// - Throws: ``PlainHTTPFailure`` (`badAnswer`) when the bytes are not an HTTP/1.x answer, or it
    ///   grows past the limits.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws(PlainHTTPFailure) -> PlainHTTPResponse? {
        received.append(contentsOf: bytes)
        while true {
            switch state {
            case .head:
                guard let end = headEnd() else {
                    guard received.count - position <= Self.maximumHeadBytes else { throw Self.bad("its header fields are too large") }
                    return nil
                }
                try readHead(upTo: end)
                if case .head = state { continue }  // an interim answer: the final one follows
                if let done = finishIfComplete() { return done }
            case .fixedBody(let remaining):
                let taken = min(remaining, received.count - position)
                try appendBody(position..<(position + taken))
                position += taken
                state = .fixedBody(remaining: remaining - taken)
                return finishIfComplete()
            case .chunkSize:
                guard let line = nextLine() else { return nil }
                let digits = line.prefix { $0 != UInt8(ascii: ";") }
                guard let size = Self.hexValue(digits.filter { $0 != 0x20 && $0 != 0x09 }) else { throw Self.bad("a chunk size is not a number") }
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let taken = min(remaining, received.count - position)
                guard taken > 0 else { return nil }
                try appendBody(position..<(position + taken))
                position += taken
                state = remaining - taken == 0 ? .chunkDataEnd : .chunkData(remaining: remaining - taken)
            case .chunkDataEnd:
                guard let line = nextLine() else { return nil }
                guard line.isEmpty else { throw Self.bad("a chunk does not end where its size says") }
                state = .chunkSize
            case .trailers:
                guard let line = nextLine() else { return nil }
                if line.isEmpty { return finish() }
            case .untilClose:
                try appendBody(position..<received.count)
                position = received.count
                return nil
            }
        }
    }

    /// The connection closed: the answer, when it was complete (a body that runs to the close);
    /// `nil` when it was cut short.
    mutating func finishAtClose() -> PlainHTTPResponse? {
        guard case .untilClose = state else { return nil }
        return finish()
    }

    // MARK: - The head

    /// Where the blank line after the header fields ends, if it has arrived.
    private func headEnd() -> Int? {
        received.withUnsafeBufferPointer { bytes -> Int? in
            var index = position
            while index + 3 < bytes.count {
                // Step by the last byte of the pattern: most bytes are not a line feed.
                if bytes[index + 3] != 0x0A {
                    index += bytes[index + 3] == 0x0D ? 1 : 4
                    continue
                }
                if bytes[index] == 0x0D, bytes[index + 1] == 0x0A, bytes[index + 2] == 0x0D { return index + 4 }
                index += 1
            }
            return nil
        }
    }

    /// What the head's framing fields said.
    private struct Framing {
        var contentLength: Int?
        var chunked = false
        var otherCoding = false
        var connectionTokens: [String] = []
    }

    /// Reads the status line and the header fields in `position..<end` (`end` past the blank line),
    /// straight from the received bytes: one `String` per field name and value, none per line.
    private mutating func readHead(upTo end: Int) throws(PlainHTTPFailure) {
        let head = position..<(end - 4)
        position = end
        let (status, minor, headers, framing) = try received.withUnsafeBufferPointer {
            bytes throws(PlainHTTPFailure) -> (Int, UInt8, APIHeaders, Framing) in
            var lineStart = head.lowerBound
            var status = 0
            var minor: UInt8 = 0
            var headers = APIHeaders()
            headers.reserveCapacity(16)
            var framing = Framing()
            var isStatusLine = true
            while lineStart <= head.upperBound {
                var lineEnd = lineStart
                while lineEnd < head.upperBound, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                let next = lineEnd + 1
                if lineEnd > lineStart, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                if isStatusLine {
                    (status, minor) = try Self.statusLine(line)
                    isStatusLine = false
                } else {
                    try Self.field(line, into: &headers, framing: &framing)
                }
                lineStart = next
            }
            return (status, minor, headers, framing)
        }
        if (100..<200).contains(status) && status != 101 { return }  // interim: keep reading heads
        response.status = status
        response.headers = headers
        let tokens = framing.connectionTokens
        response.keepAlive = minor == UInt8(ascii: "1") ? !tokens.contains("close") : tokens.contains("keep-alive")
        if bodyless || status == 101 || status == 204 || status == 304 {
            state = .fixedBody(remaining: 0)
        } else if framing.chunked {
            state = .chunkSize
        } else if let contentLength = framing.contentLength, !framing.otherCoding {
            state = .fixedBody(remaining: contentLength)
        } else {
            // An unknown transfer coding, or no length at all: the body runs to the connection's end.
            state = .untilClose
            response.keepAlive = false
        }
    }

    /// `HTTP/1.x SSS reason`: the status code and the minor version digit.
    private static func statusLine(_ line: UnsafeBufferPointer<UInt8>) throws(PlainHTTPFailure) -> (Int, UInt8) {
        let prefix = "HTTP/1.".utf8
        guard line.count >= 12, line.prefix(7).elementsEqual(prefix),
            line[7] == UInt8(ascii: "0") || line[7] == UInt8(ascii: "1"), line[8] == 0x20,
            line.count == 12 || line[12] == 0x20,
            let status = decimal(UnsafeBufferPointer(rebasing: line[9..<12])), status >= 100
        else { throw bad("it does not start with an HTTP/1.x status line") }
        return (status, line[7])
    }

    /// Adds the field `name: value` on `line` to `headers`, noting the fields that frame the body.
    private static func field(_ line: UnsafeBufferPointer<UInt8>, into headers: inout APIHeaders, framing: inout Framing)
        throws(PlainHTTPFailure)
    {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0, line[0] != 0x20, line[0] != 0x09 else {
            throw bad("a header field is malformed")
        }
        let nameBytes = UnsafeBufferPointer(rebasing: line[..<colon])
        var valueStart = colon + 1
        var valueEnd = line.count
        while valueStart < valueEnd, line[valueStart] == 0x20 || line[valueStart] == 0x09 { valueStart += 1 }
        while valueEnd > valueStart, line[valueEnd - 1] == 0x20 || line[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        let valueBytes = UnsafeBufferPointer(rebasing: line[valueStart..<valueEnd])
        let value = String(decoding: valueBytes, as: UTF8.self)
        headers.add(String(decoding: nameBytes, as: UTF8.self), value)
        if named(nameBytes, "content-length") {
            guard let length = decimal(valueBytes), framing.contentLength == nil || framing.contentLength == length else {
                throw bad("its Content-Length is not one number")
            }
            framing.contentLength = length
        } else if named(nameBytes, "transfer-encoding") {
            let codings = value.split(separator: ",").map { $0.trimmingSpaces.lowercased() }
            framing.chunked = codings.last == "chunked"
            framing.otherCoding = !framing.chunked
        } else if named(nameBytes, "connection") {
            framing.connectionTokens += value.split(separator: ",").map { $0.trimmingSpaces.lowercased() }
        }
    }

    /// Whether `name` is `expected` without regard to ASCII case.
    private static func named(_ name: UnsafeBufferPointer<UInt8>, _ expected: StaticString) -> Bool {
        APIHeaders.sameName(name, UnsafeBufferPointer(start: expected.utf8Start, count: expected.utf8CodeUnitCount))
    }

    /// Digits only (no sign, no spaces), at most 18 of them.
    private static func decimal(_ digits: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    // MARK: - The body

    private mutating func appendBody(_ range: Range<Int>) throws(PlainHTTPFailure) {
        guard response.body.count + range.count <= maximumBodyBytes else {
            throw Self.bad("the answer is larger than \(maximumBodyBytes) bytes")
        }
        response.body.append(contentsOf: received[range])
    }

    /// The next line (without its CRLF) once it has arrived whole.
    private mutating func nextLine() -> ArraySlice<UInt8>? {
        guard let newline = received[position...].firstIndex(of: 0x0A) else { return nil }
        let line = received[position..<newline]
        position = newline + 1
        return line.last == 0x0D ? line.dropLast() : line
    }

    private mutating func finishIfComplete() -> PlainHTTPResponse? {
        guard case .fixedBody(0) = state else { return nil }
        return finish()
    }

    private mutating func finish() -> PlainHTTPResponse {
        // Bytes past the answer belong to no request: the connection is not used again.
        if position < received.count { response.keepAlive = false }
        received.removeAll(keepingCapacity: true)
        position = 0
        state = .head
        return response
    }

    // MARK: - Helpers

    private static func bad(_ detail: String) -> PlainHTTPFailure {
        PlainHTTPFailure(kind: .badAnswer, detail: "the answer is not valid HTTP/1.1: \(detail)")
    }

    private static func hexValue(_ digits: [UInt8]) -> Int? {
        guard !digits.isEmpty, digits.count <= 15 else { return nil }
        var value = 0
        for digit in digits {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value * 16 + Int(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value * 16 + Int(digit - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = value * 16 + Int(digit - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
        return value
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}
