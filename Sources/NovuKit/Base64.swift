/// Base64 with the standard alphabet and `=` padding (RFC 4648 §4), over bytes: the before-image of
/// every journaled write travels in it, and Foundation's `Data` round trip cost several times this.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    /// Each byte's value in the alphabet, or 0xFF.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// `bytes` encoded, padded to a multiple of four characters.
    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        alphabet.withUnsafeBufferPointer { alphabet in
            var index = 0
            while index + 3 <= bytes.count {
                let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                output.append(alphabet[Int(chunk >> 18 & 63)])
                output.append(alphabet[Int(chunk >> 12 & 63)])
                output.append(alphabet[Int(chunk >> 6 & 63)])
                output.append(alphabet[Int(chunk & 63)])
                index += 3
            }
            let rest = bytes.count - index
            guard rest > 0 else { return }
            let chunk = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(rest == 2 ? alphabet[Int(chunk >> 6 & 63)] : UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes `text` encodes, or `nil` when it is not padded base64 of the standard alphabet.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var text = String(text)
        return text.withUTF8 { input -> [UInt8]? in
            guard input.count % 4 == 0 else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(input.count / 4 * 3)
            return values.withUnsafeBufferPointer { values -> [UInt8]? in
                var index = 0
                while index < input.count {
                    let last = index + 4 == input.count
                    let padding = last ? (input[index + 3] == UInt8(ascii: "=") ? (input[index + 2] == UInt8(ascii: "=") ? 2 : 1) : 0) : 0
                    var chunk: UInt32 = 0
                    for offset in 0..<(4 - padding) {
                        let value = values[Int(input[index + offset])]
                        guard value != 0xFF else { return nil }
                        chunk = chunk << 6 | UInt32(value)
                    }
                    chunk <<= UInt32(6 * padding)
                    output.append(UInt8(truncatingIfNeeded: chunk >> 16))
                    if padding < 2 { output.append(UInt8(truncatingIfNeeded: chunk >> 8)) }
                    if padding < 1 { output.append(UInt8(truncatingIfNeeded: chunk)) }
                    index += 4
                }
                return output
            }
        }
    }
}
