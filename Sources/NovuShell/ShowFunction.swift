import JSONCore
import LuaKit

/// Installs `show(x[, "json" | "table"])`: prints a value as the REPL would (JSON with `--json`),
/// as pretty JSON, or as a table, through `io.write`.
enum ShowFunction {
    /// Snapshot caps for `show`: wider than the REPL's, since the user asked for the whole value.
    static let limits = LuaSnapshotLimits(depth: 8, width: 1000)

    static func install(in state: LuaState, session: NovuSession) {
        let display = ResultDisplay(colors: Console().colors, json: session.options.json)
        let stack = state.main
        state.pushFunction(name: "show", { stack in
            stack.push(try render(stack, display: display))
            return 1
        }, on: stack)
        let source = """
            local render = ...
            return function(...) io.write(render(...), "\\n") end
            """
        do {
            try state.load(source, name: "=show")
            stack.pushValue(at: -2)
            stack.remove(at: -3)
            try state.call(argumentCount: 1, results: 1)
            stack.setGlobal("show")
        } catch {
            stack.top = 0
        }
    }

    /// The text of `show(value, style)` for the arguments on `stack`.
    static func render(_ stack: LuaStack, display: ResultDisplay) throws -> String {
        var style: ResultDisplay.Style = display.json ? .json : .automatic
        switch stack.toString(at: 2) {
        case nil where stack.type(at: 2) == .nil || stack.type(at: 2) == .none: break
        case "json"?: style = .json
        case "table"?: style = .table
        default:
            throw LuaError.badArgument(2, function: "show", "\"json\" or \"table\" expected, got \(NovuArguments.typeName(stack, 2))")
        }
        if style == .json, let value = try? stack.json(at: 1) {
            do throws(JSONError) {
                return try value.serializedString(options: [.pretty, .sortedKeys])
            } catch {
                throw LuaError(.conversion, "show: \(error.message)")
            }
        }
        return display.format(stack.snapshot(at: 1, limits: limits), style: style)
    }
}
