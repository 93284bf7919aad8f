extension APIRequest {
    /// The path with the query, percent-encoded (`/v1/messages?subscriberId=a%20b&limit=10`): what goes
    /// after the host in a URL.
    public var target: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { PercentEncoding.encode($0.name) + "=" + PercentEncoding.encode($0.value) }
            .joined(separator: "&")
    }
}

extension QueryItem {
    /// The items of a raw query string (`a=1&b=x%20y`), decoding `+` and percent escapes.
    public static func items(fromQuery query: Substring?) -> [QueryItem] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return QueryItem(
                PercentEncoding.decode(pieces[0]), pieces.count > 1 ? PercentEncoding.decode(pieces[1]) : "")
        }
    }
}

/// Percent-encoding of URL parts.
enum PercentEncoding {
    /// `text` with every byte outside RFC 3986's unreserved set, and not in `kept`, percent-encoded.
    static func encode(_ text: String, keeping kept: [UInt8] = []) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        append(text, keeping: kept, to: &result)
        return String(decoding: result, as: UTF8.self)
    }

    /// Appends `text` to `result`, encoded as ``encode(_:keeping:)`` does.
    static func append(_ text: String, keeping kept: [UInt8] = [], to result: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.append(byte)
            case _ where kept.contains(byte):
                result.append(byte)
            default:
                result.append(UInt8(ascii: "%"))
                result.append(hexDigits[Int(byte >> 4)])
                result.append(hexDigits[Int(byte & 0x0F)])
            }
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Decodes `+` as a space and `%XX` escapes (as UTF-8); a malformed escape is kept as written.
    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var input = text.utf8[...]
        while let byte = input.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%"), input.count >= 2,
                let high = hexValue(input[input.startIndex]), let low = hexValue(input[input.index(after: input.startIndex)])
            {
                bytes.append(high << 4 | low)
                input = input.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
