import JSONCore
import LuaKit
import NovuKit
import Synchronization

/// `novu.all(fn, [pathArguments…,] [fields])`: an iterator over every item of a list operation,
/// following pages (`page` + `hasMore`), cursors (`next` → `after`) or offsets to the end.
///
/// ```lua
/// for s in novu.all(novu.subscribers.search, {email = "ada@example.com"}) do print(s.subscriberId) end
/// ```
enum NovuIteration {
    /// Sets `all` in the table at `novu`.
    static func install(in state: LuaState, novu: Int32, context: NovuLibraryContext) {
        let table = state.main.absolute(novu)
        let session = context.session
        state.pushFunction(
            name: "novu.all",
            { stack in
                guard let name = context.name(ofValueAt: 1, on: stack),
                    let operation = OperationCatalogue.operation(named: name)
                else {
                    throw LuaError.badArgument(
                        1, function: "novu.all",
                        "novu list function expected, got \(NovuArguments.typeName(stack, 1))")
                }
                stack.remove(at: 1)
                let call = try NovuArguments(stack: stack, operation: operation)
                let pages = PageWalker(operation: operation, call: call, session: session)
                stack.owner.pushFunction(
                    name: "novu.all",
                    { stack in
                        switch pages.takeBuffered() {
                        case .item(let item):
                            try stack.push(item)
                            return 1
                        case .finished:
                            stack.pushNil()
                            return 1
                        case .needsFetch:
                            return try stack.suspend { try await pages.fetch() }
                        }
                    }, on: stack)
                return 1
            }, on: state.main)
        state.main.setField("all", in: table)
    }
}

/// Walks the pages of one list operation; shared by the iterator function and its async fetches.
final class PageWalker: Sendable {
    enum Next {
        case item(JSON)
        case finished
        case needsFetch
    }

    private struct State: Sendable {
        var buffer: [JSON] = []
        var fields: [String: JSON]
        var finished = false
    }

    let operation: APIOperation
    let arguments: [String]
    let session: NovuSession
    private let state: Mutex<State>

    init(operation: APIOperation, call: NovuArguments, session: NovuSession) {
        self.operation = operation
        self.arguments = call.arguments
        self.session = session
        state = Mutex(State(fields: call.fields))
    }

    /// The next buffered item, or what to do instead.
    func takeBuffered() -> Next {
        state.withLock { state in
            if !state.buffer.isEmpty { return .item(state.buffer.removeFirst()) }
            return state.finished ? .finished : .needsFetch
        }
    }

    /// Fetches pages until one has items (or the list ends) and returns the first item (or nil).
    func fetch() async throws(NovuClientError) -> [LuaResult] {
        while true {
            let fields = state.withLock { $0.fields }
            let response = try await session.perform(operation, arguments: arguments, fields: fields)
            let (items, next) = Self.split(response.value ?? .null, fields: fields, operation: operation)
            let first: JSON? = state.withLock { state in
                state.buffer.append(contentsOf: items)
                if let next { state.fields = next } else { state.finished = true }
                return state.buffer.isEmpty ? nil : state.buffer.removeFirst()
            }
            if let first { return [.json(first)] }
            if next == nil { return [.nil] }
        }
    }

    /// The items of one answer and the fields of the next request (nil at the end).
    static func split(_ value: JSON, fields: [String: JSON], operation: APIOperation) -> ([JSON], [String: JSON]?) {
        if case .array(let items) = value { return (items, nil) }
        let items = value["data"]?.arrayValue ?? value["workflows"]?.arrayValue ?? []
        guard !items.isEmpty else { return ([], nil) }
        var next = fields
        if let cursor = value["next"] {
            guard let text = cursor.stringValue, !text.isEmpty else { return (items, nil) }
            next["after"] = .string(text)
            return (items, next)
        }
        if let hasMore = value["hasMore"]?.boolValue {
            guard hasMore else { return (items, nil) }
            if let page = value["page"]?.intValue {
                next["page"] = .int(page + 1)
            } else if operation.field(named: "offset") != nil {
                next["offset"] = .int((fields["offset"]?.intValue ?? 0) + Int64(items.count))
            } else if operation.field(named: "after") != nil, let last = items.last,
                let id = (last["id"] ?? last["_id"])?.stringValue
            {
                next["after"] = .string(id)
            } else {
                return (items, nil)
            }
            return (items, next)
        }
        if let total = value["totalCount"]?.intValue, operation.field(named: "offset") != nil {
            let offset = (fields["offset"]?.intValue ?? 0) + Int64(items.count)
            guard offset < total else { return (items, nil) }
            next["offset"] = .int(offset)
            return (items, next)
        }
        return (items, nil)
    }
}
