extension String {
    /// `bytes` as a string when they are valid UTF-8, `nil` when they are not.
    ///
    /// `String(validating:as:)` goes through the standard library's generic validator, about a thousand
    /// instructions for a short string; ASCII bytes (nearly every JSON key and most values) are valid
    /// as they are and take the direct path.
    package init?(validatingUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            self = String(decoding: bytes, as: UTF8.self)
        } else if let string = String(validating: bytes, as: UTF8.self) {
            self = string
        } else {
            return nil
        }
    }

    /// Whether `bytes` are valid UTF-8 (ASCII checked directly, the rest by the standard library).
    package static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 < 0x80 } || String(validating: bytes, as: UTF8.self) != nil
    }
}
