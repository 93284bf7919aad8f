extension JSON {
    /// Options for ``serialized(options:)``.
    public struct WriteOptions: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Object keys in byte order, for stable output.
        public static let sortedKeys = WriteOptions(rawValue: 1)
        /// Indented, one member per line.
        public static let pretty = WriteOptions(rawValue: 2)
    }

    /// The JSON text of this value, as UTF-8 bytes.
    ///
    /// Floats keep a fraction (`10.0`), so they read back as floats.
    /// - Throws: ``JSONError`` with code `notUTF8` for a ``bytes(_:)`` string, or `notRepresentable`
    ///   for NaN and infinities; the message names the path of the value (`$.data.tags[2]`).
    public func serialized(options: WriteOptions = []) throws(JSONError) -> [UInt8] {
        var writer = JSONWriter(options: options)
        writer.output.reserveCapacity(256)
        try writer.write(self, path: "$", depth: 0)
        return writer.output
    }

    /// Appends the JSON text of this value to `output`, as ``serialized(options:)`` makes it, without
    /// a buffer of its own: for callers that build one text out of many values.
    /// - Throws: ``JSONError`` as ``serialized(options:)``; `output` is then as it was.
    public func serialize(appendingTo output: inout [UInt8], options: WriteOptions = []) throws(JSONError) {
        var writer = JSONWriter(options: options)
        swap(&writer.output, &output)
        defer { swap(&writer.output, &output) }
        let start = writer.output.count
        do {
            try writer.write(self, path: "$", depth: 0)
        } catch {
            writer.output.removeSubrange(start...)
            throw error
        }
    }

    /// The JSON text of this value as a string.
    /// - Throws: ``JSONError`` as ``serialized(options:)``.
    public func serializedString(options: WriteOptions = []) throws(JSONError) -> String {
        String(decoding: try serialized(options: options), as: UTF8.self)
    }
}

private struct JSONWriter {
    let options: JSON.WriteOptions
    var output: [UInt8] = []

    init(options: JSON.WriteOptions) { self.options = options }

    mutating func newline(depth: Int) {
        guard options.contains(.pretty) else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(0x20, count: depth * 2))
    }

    mutating func write(_ value: JSON, path: @autoclosure () -> String, depth: Int) throws(JSONError) {
        guard depth < JSON.maximumDepth else {
            throw JSONError(.tooDeep, "value at \(path()) is nested deeper than \(JSON.maximumDepth) levels")
        }
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let integer): output.append(contentsOf: String(integer).utf8)
        case .double(let double):
            guard double.isFinite else {
                throw JSONError(.notRepresentable, "value at \(path()) is \(double), which JSON cannot represent")
            }
            output.append(contentsOf: double.description.utf8)
        case .string(let string): writeString(string)
        case .bytes:
            throw JSONError(.notUTF8, "string at \(path()) is not valid UTF-8")
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(depth: depth + 1)
                try write(item, path: "\(path())[\(index)]", depth: depth + 1)
            }
            if !items.isEmpty { newline(depth: depth) }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            var first = true
            func member(_ key: String, _ item: JSON) throws(JSONError) {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                newline(depth: depth + 1)
                writeString(key)
                output.append(UInt8(ascii: ":"))
                if options.contains(.pretty) { output.append(0x20) }
                try write(item, path: "\(path()).\(key)", depth: depth + 1)
            }
            if options.contains(.sortedKeys) {
                for (key, item) in members.sorted(by: { $0.key < $1.key }) { try member(key, item) }
            } else {
                for (key, item) in members { try member(key, item) }
            }
            if !members.isEmpty { newline(depth: depth) }
            output.append(UInt8(ascii: "}"))
        }
    }

    mutating func writeString(_ string: String) {
        output.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy those whole.
        let copied = string.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            output.append(contentsOf: bytes)
            return true
        }
        if copied == true {
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
