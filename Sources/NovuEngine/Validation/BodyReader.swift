import Foundation
import JSONCore

/// Reads and validates a JSON request body field by field, collecting class-validator style messages.
///
/// Messages name the field (`subscriberId must be a string`) with the nesting path in front
/// (`channel.enabled must be a boolean value`, `preferences.0.enabled …`). Call ``finish()`` at the end:
/// it throws one 400 listing every problem, as Novu's ValidationPipe does.
struct BodyReader {
    let members: [String: JSON]
    private let prefix: String
    private(set) var messages: [String] = []

    init(_ body: JSON?, prefix: String = "") {
        self.members = body?.objectValue ?? [:]
        self.prefix = prefix
    }

    private func name(_ key: String) -> String { prefix + key }

    /// Records a problem with a custom message.
    mutating func fail(_ message: String) { messages.append(message) }

    /// Adds the messages of a nested reader.
    mutating func absorb(_ other: BodyReader) { messages += other.messages }

    /// Throws a 400 listing every problem found, if any.
    /// - Throws: ``EngineError`` (400, message array).
    func finish() throws(EngineError) {
        if !messages.isEmpty { throw EngineError.validation(messages) }
    }

    /// The raw member, if any.
    subscript(key: String) -> JSON? { members[key] }

    // MARK: - Scalars

    /// An optional string (`@IsOptional() @IsString()`).
    mutating func string(_ key: String) -> Field<String> {
        switch members[key] {
        case nil: return .absent
        case .null?: return .null
        case .string(let value)?: return .value(value)
        default:
            fail("\(name(key)) must be a string")
            return .absent
        }
    }

    /// A required string (`@IsDefined() @IsString()`).
    mutating func requiredString(_ key: String, notEmpty: Bool = false) -> String? {
        switch members[key] {
        case nil, .null?:
            fail("\(name(key)) should not be null or undefined")
            fail("\(name(key)) must be a string")
            return nil
        case .string(let value)?:
            if notEmpty && value.isEmpty {
                fail("\(name(key)) should not be empty")
                return nil
            }
            return value
        default:
            fail("\(name(key)) must be a string")
            return nil
        }
    }

    /// An optional email address (`@IsEmail()`); an empty string is passed through for the caller to treat.
    mutating func email(_ key: String, allowEmpty: Bool = false) -> Field<String> {
        let field = string(key)
        if case .value(let value) = field, !(allowEmpty && value.isEmpty), !Self.isEmail(value) {
            fail("\(name(key)) must be an email")
            return .absent
        }
        return field
    }

    /// An optional boolean (`@IsBoolean()`).
    mutating func bool(_ key: String) -> Field<Bool> {
        switch members[key] {
        case nil: return .absent
        case .null?: return .null
        case .bool(let value)?: return .value(value)
        default:
            fail("\(name(key)) must be a boolean value")
            return .absent
        }
    }

    /// A required boolean (`@IsDefined() @IsBoolean()`).
    mutating func requiredBool(_ key: String) -> Bool? {
        switch members[key] {
        case .bool(let value)?: return value
        case nil, .null?:
            fail("\(name(key)) should not be null or undefined")
            fail("\(name(key)) must be a boolean value")
            return nil
        default:
            fail("\(name(key)) must be a boolean value")
            return nil
        }
    }

    /// An optional object (`@IsObject()`).
    mutating func object(_ key: String) -> Field<[String: JSON]> {
        switch members[key] {
        case nil: return .absent
        case .null?: return .null
        case .object(let value)?: return .value(value)
        default:
            fail("\(name(key)) must be an object")
            return .absent
        }
    }

    /// An optional array (`@IsArray()`).
    mutating func array(_ key: String) -> Field<[JSON]> {
        switch members[key] {
        case nil: return .absent
        case .null?: return .null
        case .array(let value)?: return .value(value)
        default:
            fail("\(name(key)) must be an array")
            return .absent
        }
    }

    /// A required array with a size range (`@IsDefined() @IsArray() @ArrayMaxSize(max)`).
    mutating func requiredArray(_ key: String, min: Int = 0, max: Int? = nil) -> [JSON]? {
        switch members[key] {
        case .array(let items)?:
            if let max, items.count > max {
                fail("\(name(key)) must contain no more than \(max) elements")
                return nil
            }
            if items.count < min {
                fail(min == 1 ? "\(name(key)) should not be empty" : "\(name(key)) must contain at least \(min) elements")
                return nil
            }
            return items
        case nil, .null?:
            fail("\(name(key)) should not be null or undefined")
            fail("\(name(key)) must be an array")
            return nil
        default:
            fail("\(name(key)) must be an array")
            return nil
        }
    }

    /// An optional array of strings (`@IsArray() @IsString({each: true})`).
    mutating func stringArray(_ key: String) -> Field<[String]> {
        switch array(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(let items):
            let strings = items.compactMap(\.stringValue)
            if strings.count != items.count {
                fail("each value in \(name(key)) must be a string")
                return .absent
            }
            return .value(strings)
        }
    }

    /// An optional string restricted to `allowed` (`@IsEnum()`).
    mutating func enumValue(_ key: String, allowed: [String]) -> Field<String> {
        let field: Field<String>
        switch members[key] {
        case nil: return .absent
        case .null?: return .null
        case .string(let value)?: field = .value(value)
        default: field = .absent
        }
        guard case .value(let value) = field, allowed.contains(value) else {
            fail("\(name(key)) must be one of the following values: \(allowed.joined(separator: ", "))")
            return .absent
        }
        return field
    }

    /// A nested reader for the object at `key`, whose messages carry `key.` in front.
    func nested(_ key: String, value: JSON?) -> BodyReader { BodyReader(value, prefix: prefix + key + ".") }

    // MARK: - Formats

    /// A pragmatic email check: one `@`, a non-empty local part, a dotted domain, no spaces.
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(" ") else { return false }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty } && (labels.last?.count ?? 0) >= 2
    }
}
