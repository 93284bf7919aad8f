public import JSONCore

extension APIOperation {
    /// Builds the request for a call: positional arguments fill the path parameters (then
    /// ``positionalFields``), and `fields` (wire names) go to the query or the body as the operation says.
    ///
    /// A field the catalogue does not know goes to the body when the operation has one, else to the
    /// query, so newer server fields still work. Query values: arrays repeat the name, booleans are
    /// `true`/`false`, objects and lists of objects are sent as one JSON string (`filters`).
    ///
    /// - Parameters:
    ///   - arguments: path parameters in path order, then positional body fields.
    ///   - fields: query and body fields by wire name.
    /// - Returns: the request, with `Accept` and (with a body) `Content-Type` set; no auth header.
    /// - Throws: ``NovuClientError`` with code ``NovuClientError/Code/invalidArgument`` when a path
    ///   argument is missing or empty, there are too many arguments, a required field is missing or a
    ///   field has the wrong JSON kind.
    public func makeRequest(arguments: [String] = [], fields: [String: JSON] = [:]) throws(NovuClientError)
        -> APIRequest
    {
        let maximum = pathParameters.count + positionalFields.count
        guard arguments.count >= pathParameters.count else {
            let missing = pathParameters[arguments.count...].joined(separator: ", ")
            throw invalid("\(name) needs \(missing) (\(signature))")
        }
        guard arguments.count <= maximum else {
            throw invalid("\(name) takes \(maximum) positional argument(s), got \(arguments.count) (\(signature))")
        }
        for (parameter, value) in zip(pathParameters, arguments) where value.isEmpty {
            throw invalid("\(name): \(parameter) must not be empty")
        }
        let path = fillPath(arguments)
        var fields = fields
        for (field, value) in zip(positionalFields, arguments.dropFirst(pathParameters.count)) {
            fields[field] = .string(value)
        }
        var request = APIRequest(method: method, path: path)
        var bodyMembers: [String: JSON] = [:]
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            if let known = field(named: key), !known.type.accepts(value) {
                throw invalid("\(name): field \(key) must be \(known.type), got \(value.typeName)")
            }
            if query.contains(where: { $0.name == key }) || !hasBody {
                request.query += try Self.queryItems(key, value, operation: name)
            } else {
                bodyMembers[key] = value
            }
        }
        for required in (query + body) where required.isRequired {
            guard let value = fields[required.name], !value.isNull else {
                throw invalid("\(name): field \(required.name) is required (\(required.type))")
            }
        }
        request.headers["Accept"] = "application/json"
        if hasBody {
            do {
                request.body = try JSON.object(bodyMembers).serialized()
            } catch {
                throw invalid("\(name): the body cannot be written as JSON: \(error.message)")
            }
            request.headers["Content-Type"] = "application/json"
        }
        return request
    }

    private func fillPath(_ arguments: [String]) -> String {
        // `{name}` placeholders are ASCII: copy the template's bytes, each placeholder encoded in turn.
        var path: [UInt8] = []
        path.reserveCapacity(pathTemplate.utf8.count + 32)
        var index = 0
        var inPlaceholder = false
        for byte in pathTemplate.utf8 {
            if inPlaceholder {
                inPlaceholder = byte != UInt8(ascii: "}")
            } else if byte == UInt8(ascii: "{") {
                PercentEncoding.append(arguments[index], keeping: Self.pathSegmentKept, to: &path)
                index += 1
                inPlaceholder = true
            } else {
                path.append(byte)
            }
        }
        return String(decoding: path, as: UTF8.self)
    }

    private func invalid(_ message: String) -> NovuClientError {
        NovuClientError(.invalidArgument, message, method: method, path: pathTemplate)
    }

    static func queryItems(_ name: String, _ value: JSON, operation: String) throws(NovuClientError) -> [QueryItem] {
        switch value {
        case .null: return []
        case .array(let items) where items.allSatisfy(\.isScalar):
            return items.compactMap { scalarText($0).map { QueryItem(name, $0) } }
        case .array, .object:
            do {
                return [QueryItem(name, try value.serializedString())]
            } catch {
                throw NovuClientError(.invalidArgument, "\(operation): field \(name) cannot be written as JSON")
            }
        default:
            return scalarText(value).map { [QueryItem(name, $0)] } ?? []
        }
    }

    static func scalarText(_ value: JSON) -> String? {
        switch value {
        case .string(let text): return text
        case .bytes(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .int(let number): return String(number)
        case .double(let number):
            if number.rounded() == number, abs(number) < 9e15 { return String(Int64(number)) }
            return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    /// Percent-encodes one path segment; unlike the SDK, `/` is encoded too so ids cannot change the route.
    static func encodePathSegment(_ value: String) -> String {
        PercentEncoding.encode(value, keeping: pathSegmentKept)
    }

    private static let pathSegmentKept = Array("@:+".utf8)
}

extension JSON {
    var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }
}
