import JSONCore
import LuaKit
import NovuKit
import Synchronization

/// The `novu` Lua table: generated from NovuKit's operation catalogue.
///
/// Every operation becomes a Swift function at the place its name says (`subscribers.patch` →
/// `novu.subscribers.patch`), in plain nested tables so raw-access completion finds them. A call
/// reads its path parameters positionally, then one table of fields (``NovuArguments``), and waits
/// for ``NovuSession/perform(_:arguments:fields:)`` while only its coroutine is suspended.
///
/// The library also installs `novu.null`, `novu.all`, `novu.each`, and the globals `help`, `show`
/// and `csv`.
enum NovuLibrary {
    /// Installs the global `novu` table and the helpers that go with it.
    static func install(in state: LuaState, session: NovuSession) {
        let context = NovuLibraryContext(session: session, state: state)
        pending.withLock { $0[ObjectIdentifier(session)] = context }
        let stack = state.main
        stack.newTable()
        let root = OperationTree(OperationCatalogue.all)
        pushModule(root, path: "", context: context, state: state)
        stack.pushNull()
        stack.setField("null", in: -2)
        NovuIteration.install(in: state, novu: -1, context: context)
        NovuEach.install(in: state, novu: -1, context: context)
        stack.setGlobal("novu")
        ShowFunction.install(in: state, session: session)
        CSVLibrary.install(in: state)
        HelpLibrary.install(in: state, context: context)
    }

    /// Gives the `novu` library of `session` the runtime it runs in (for `novu.each`, which runs
    /// one coroutine per item). Call once, right after creating the runtime.
    static func attach(_ runtime: LuaRuntime, to session: NovuSession) {
        let context = pending.withLock { $0.removeValue(forKey: ObjectIdentifier(session)) }
        context?.attach(runtime)
    }

    /// Contexts installed but not attached yet, by session.
    private static let pending = Mutex<[ObjectIdentifier: NovuLibraryContext]>([:])

    /// Pushes the table of one module (the root for `path == ""`), recording its name for `help`.
    private static func pushModule(_ tree: OperationTree, path: String, context: NovuLibraryContext, state: LuaState) {
        let stack = state.main
        if !path.isEmpty { stack.newTable() }
        for (name, operation) in tree.functions.sorted(by: { $0.key < $1.key }) {
            pushOperation(operation, context: context, state: state)
            context.recordName(operation.name, forValueAt: -1, on: stack)
            stack.setField(name, in: -2)
        }
        for (name, module) in tree.modules.sorted(by: { $0.key < $1.key }) {
            let modulePath = path.isEmpty ? name : path + "." + name
            pushModule(module, path: modulePath, context: context, state: state)
            context.recordName(modulePath, forValueAt: -1, on: stack)
            stack.setField(name, in: -2)
        }
    }

    /// Pushes the Swift function that calls `operation`.
    private static func pushOperation(_ operation: APIOperation, context: NovuLibraryContext, state: LuaState) {
        let session = context.session
        let nilOnNotFound = isLookup(operation)
        state.pushFunction(
            name: operation.name,
            { stack in
                let call = try NovuArguments(stack: stack, operation: operation)
                return try stack.suspend {
                    do throws(NovuClientError) {
                        let (request, response) = try await session.answer(
                            operation, arguments: call.arguments, fields: call.fields)
                        guard NovuResponse.hasBody(response.body) else { return [.json(.bool(true))] }
                        // Read into Lua values on the runtime, straight from the body's bytes.
                        return [
                            .jsonText(response.body, unwrapping: NovuResponse.envelopeMember) {
                                NovuResponse.notJSON(response, method: request.method, path: request.path)
                            }
                        ]
                    } catch {
                        if nilOnNotFound && error.status == 404 { return [.nil] }
                        throw error
                    }
                }
            }, on: state.main)
    }

    /// True for single-record reads (`retrieve`, `get`, …): a GET of one object named by its path.
    static func isLookup(_ operation: APIOperation) -> Bool {
        operation.method == .get && operation.result == .object && !operation.pathParameters.isEmpty
    }
}

/// The catalogue's names as a tree of modules and functions.
struct OperationTree {
    var functions: [String: APIOperation] = [:]
    var modules: [String: OperationTree] = [:]

    init() {}

    init(_ operations: [APIOperation]) {
        for operation in operations {
            insert(operation, path: operation.name.split(separator: ".").map(String.init)[...])
        }
    }

    private mutating func insert(_ operation: APIOperation, path: ArraySlice<String>) {
        guard let first = path.first else { return }
        if path.count == 1 {
            functions[first] = operation
        } else {
            modules[first, default: OperationTree()].insert(operation, path: path.dropFirst())
        }
    }

    /// The module names under the root, sorted.
    static let moduleNames: [String] = OperationTree(OperationCatalogue.all).modules.keys.sorted()
}

/// What the `novu` library's functions share: the session, the runtime (for `novu.each`) and the
/// table that maps each generated function and module to its name (for `help` and `novu.all`).
final class NovuLibraryContext: Sendable {
    let session: NovuSession
    /// Registry reference of the table `{[function or module] = "subscribers.patch"}`.
    let namesReference: Int32
    private let runtimeBox = Mutex<WeakRuntime>(WeakRuntime())

    private struct WeakRuntime: Sendable {
        weak var runtime: LuaRuntime?
    }

    init(session: NovuSession, state: LuaState) {
        self.session = session
        state.main.newTable()
        namesReference = state.main.makeReference(at: -1)
        state.main.pop()
    }

    /// The runtime the library runs in, once ``NovuLibrary/attach(_:to:)`` has been called.
    var runtime: LuaRuntime? { runtimeBox.withLock { $0.runtime } }

    func attach(_ runtime: LuaRuntime) { runtimeBox.withLock { $0.runtime = runtime } }

    /// Records `name` for the function or table at `index`.
    func recordName(_ name: String, forValueAt index: Int32, on stack: LuaStack) {
        let value = stack.absolute(index)
        stack.pushReference(namesReference)
        stack.pushValue(at: value)
        stack.push(name)
        stack.setTableRaw(at: -3)
        stack.pop()
    }

    /// The name recorded for the value at `index` (`subscribers.patch`, `subscribers`), or nil.
    func name(ofValueAt index: Int32, on stack: LuaStack) -> String? {
        let value = stack.absolute(index)
        guard stack.type(at: value) == .function || stack.type(at: value) == .table else { return nil }
        stack.pushReference(namesReference)
        stack.pushValue(at: value)
        stack.getTableRaw(at: -2)
        defer { stack.pop(2) }
        return stack.toString(at: -1)
    }
}
