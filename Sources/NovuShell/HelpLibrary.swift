import LuaKit

/// Installs `help(x)`: it writes ``HelpText`` through `io.write` (so scripts and tests can
/// redirect it) for a `novu` function or module, a name (`help "subscribers.patch"`), or, with no
/// argument, the overview.
enum HelpLibrary {
    static func install(in state: LuaState, context: NovuLibraryContext) {
        let stack = state.main
        // Let help recognise the helpers and the other libraries by value too.
        stack.getGlobal("novu")
        context.recordName("novu", forValueAt: -1, on: stack)
        for helper in ["all", "each"] {
            stack.getField(helper, in: -1)
            context.recordName(helper, forValueAt: -1, on: stack)
            stack.pop()
        }
        stack.pop()
        state.pushFunction(name: "help", { stack in
            stack.push(try text(stack, context: context))
            return 1
        }, on: stack)
        let source = """
            local text = ...
            return function(...) io.write(text(...), "\\n") end
            """
        do {
            try state.load(source, name: "=help")
            stack.pushValue(at: -2)
            stack.remove(at: -3)
            try state.call(argumentCount: 1, results: 1)
            stack.setGlobal("help")
            for name in ["json", "csv", "show", "help"] where stack.getGlobal(name) != .nil {
                context.recordName(name, forValueAt: -1, on: stack)
                stack.pop()
            }
        } catch {
            stack.top = 0
        }
    }

    /// The help text for the arguments on `stack`.
    static func text(_ stack: LuaStack, context: NovuLibraryContext) throws -> String {
        switch stack.type(at: 1) {
        case .none, .nil:
            return HelpText.overview()
        case .string:
            let name = stack.toString(at: 1) ?? ""
            guard let text = HelpText.text(forName: name) else {
                throw LuaError(.badArgument, "help: nothing is called '\(name)' (help() lists what there is)")
            }
            return text
        case .function, .table:
            if let name = context.name(ofValueAt: 1, on: stack), let text = HelpText.text(forName: name) {
                return text
            }
            throw LuaError(.badArgument, "help: no help for this \(stack.type(at: 1)) (help() lists what there is)")
        default:
            throw LuaError(.badArgument, "help: no help for a \(NovuArguments.typeName(stack, 1)) value")
        }
    }
}
