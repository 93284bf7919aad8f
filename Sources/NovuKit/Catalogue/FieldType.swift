public import JSONCore

/// The JSON type of an operation's field, used for help text and for a light check before sending.
///
/// The check only rejects values the server would reject for their kind (a table where a string is
/// expected); limits and formats are left to the server, whose error names them exactly.
public struct FieldType: Sendable, Hashable, CustomStringConvertible {
    private indirect enum Kind: Sendable, Hashable {
        case string, integer, number, boolean, object, any
        case array(Kind)
        case oneOf([String])
        case either(Kind, Kind)
    }

    private let kind: Kind

    /// A string.
    public static let string = FieldType(kind: .string)
    /// A whole number (`10.0` is accepted: the SDK sends numbers that way).
    public static let integer = FieldType(kind: .integer)
    /// Any number.
    public static let number = FieldType(kind: .number)
    /// `true` or `false`.
    public static let boolean = FieldType(kind: .boolean)
    /// A JSON object.
    public static let object = FieldType(kind: .object)
    /// Anything.
    public static let any = FieldType(kind: .any)
    /// A string or a list of strings (Novu accepts both for ids and feed identifiers).
    public static let stringOrStrings = FieldType(kind: .either(.string, .array(.string)))
    /// A string or an object (`actor`, `tenant`).
    public static let stringOrObject = FieldType(kind: .either(.string, .object))

    /// A list of `element`.
    public static func array(_ element: FieldType) -> FieldType { FieldType(kind: .array(element.kind)) }
    /// One of the listed strings.
    public static func oneOf(_ values: [String]) -> FieldType { FieldType(kind: .oneOf(values)) }

    /// `string`, `[string]`, `"read"|"seen"`, `string|[string]`.
    public var description: String { Self.describe(kind) }

    /// Whether `value` has a kind the server could accept here (`null` always passes: it unsets).
    public func accepts(_ value: JSON) -> Bool { value.isNull || Self.accepts(kind, value) }

    private static func accepts(_ kind: Kind, _ value: JSON) -> Bool {
        switch (kind, value) {
        case (.any, _): return true
        case (.string, .string), (.string, .bytes): return true
        case (.integer, _): return value.intValue != nil
        case (.number, .int), (.number, .double): return true
        case (.boolean, .bool): return true
        case (.object, .object): return true
        // An empty Lua table cannot say whether it is an object or a list.
        case (.object, .array(let items)): return items.isEmpty
        case (.array(let element), .array(let items)): return items.allSatisfy { accepts(element, $0) }
        case (.array, .object(let members)): return members.isEmpty
        case (.oneOf(let values), .string(let text)): return values.contains(text)
        case (.either(let first, let second), _): return accepts(first, value) || accepts(second, value)
        default: return false
        }
    }

    private static func describe(_ kind: Kind) -> String {
        switch kind {
        case .string: "string"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .object: "object"
        case .any: "any"
        case .array(let element): "[\(describe(element))]"
        case .oneOf(let values): values.map { "\"\($0)\"" }.joined(separator: "|")
        case .either(let first, let second): "\(describe(first))|\(describe(second))"
        }
    }
}
