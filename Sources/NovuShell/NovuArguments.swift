import JSONCore
import LuaKit
import NovuKit

/// The arguments of one `novu.*` call, read from the Lua stack and checked before anything is sent.
///
/// Path parameters come first, positionally and in path order (strings, or integers written in
/// decimal), then the operation's positional fields (`novu.trigger("welcome", …)`), then one
/// optional table of query and body fields by wire name. A positional field may also be given in
/// the table (`novu.trigger({name = "welcome", to = "u1"})`). Errors are worded like Lua's own and
/// name the argument: `bad argument #1 to 'subscribers.patch' (subscriberId expected, got nil)`.
struct NovuArguments {
    /// Path parameters, then positional fields.
    var arguments: [String] = []
    /// Query and body fields by wire name.
    var fields: [String: JSON] = [:]

    /// Reads and checks the arguments of a call of `operation`.
    /// - Throws: ``LuaError`` with code `badArgument` for a missing or mistyped argument or field.
    init(stack: LuaStack, operation: APIOperation) throws(LuaError) {
        let names = operation.pathParameters + operation.positionalFields
        var position: Int32 = 1
        for (offset, name) in names.enumerated() {
            let index = Int32(offset + 1)
            let type = stack.type(at: index)
            // Positional fields may come in the fields table instead.
            if offset >= operation.pathParameters.count, type == .table || type == .nil || type == .none { break }
            switch type {
            case .string:
                let text = stack.toString(at: index) ?? ""
                if text.isEmpty, offset < operation.pathParameters.count {
                    throw LuaError.badArgument(Int(index), function: operation.name, "\(name) must not be empty")
                }
                arguments.append(text)
            case .number where stack.toInteger(at: index) != nil:
                arguments.append(String(stack.toInteger(at: index)!))
            default:
                throw LuaError.badArgument(
                    Int(index), function: operation.name, "\(name) expected, got \(Self.typeName(stack, index))")
            }
            position = index + 1
        }
        let fieldsType = stack.type(at: position)
        let takesFields = !operation.query.isEmpty || operation.hasBody
        if fieldsType == .table {
            let value = try stack.json(at: position)
            switch value {
            case .object(let members): fields = members
            case .array(let items) where items.isEmpty: break
            default:
                throw LuaError.badArgument(
                    Int(position), function: operation.name, "table of fields by name expected, got a list")
            }
            if !takesFields && !fields.isEmpty {
                throw LuaError.badArgument(
                    Int(position), function: operation.name, "no fields expected (\(operation.signature))")
            }
        } else if fieldsType != .nil && fieldsType != .none {
            let expected = takesFields ? "table of fields expected" : "no value expected"
            throw LuaError.badArgument(
                Int(position), function: operation.name, "\(expected), got \(Self.typeName(stack, position))")
        }
        if stack.top > position, (position + 1...stack.top).contains(where: { stack.type(at: $0) != .nil }) {
            throw LuaError.badArgument(
                Int(position + 1), function: operation.name, "no value expected (\(operation.signature))")
        }
        try check(operation, position: Int(position))
    }

    private func check(_ operation: APIOperation, position: Int) throws(LuaError) {
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            guard let field = operation.field(named: key), !field.type.accepts(value) else { continue }
            throw LuaError.badArgument(
                position, function: operation.name, "field \(key): \(field.type) expected, got \(Self.typeName(value))")
        }
        let given = Set(operation.positionalFields.prefix(max(0, arguments.count - operation.pathParameters.count)))
        for field in operation.query + operation.body where field.isRequired && !given.contains(field.name) {
            if let value = fields[field.name], !value.isNull { continue }
            throw LuaError.badArgument(
                position, function: operation.name, "field \(field.name) (\(field.type)) is required")
        }
    }

    /// Lua's name for the type of the value at `index` (`null` for the JSON null sentinel).
    static func typeName(_ stack: LuaStack, _ index: Int32) -> String {
        stack.isNull(at: index) ? "null" : stack.type(at: index).description
    }

    /// Lua's name for the type a JSON value has in Lua.
    static func typeName(_ value: JSON) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string, .bytes: "string"
        case .array, .object: "table"
        }
    }
}
