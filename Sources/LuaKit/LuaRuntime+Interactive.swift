/// What a REPL line (or lines) compiles to, following the reference `lua` REPL.
public enum InteractiveChunk: Sendable {
    /// An expression (`return <line>` compiled): run it and print its values.
    case expression(LuaReference)
    /// A statement: run it, print nothing unless it returns values.
    case statement(LuaReference)
    /// The input ends in the middle of a statement (the error ends in `<eof>`): read another line.
    case incomplete
    /// A syntax error to report.
    case failed(LuaError)
}

extension LuaRuntime {
    /// Compiles REPL input as `lua.c` does: first `return <input>;` (so expressions print their
    /// values; a leading `=` means the same), then the input as a statement; input whose syntax
    /// error ends at `<eof>` is incomplete and continues on the next line.
    public func compileInteractive(_ input: String, name: String = "=stdin") -> InteractiveChunk {
        var source = input
        if source.hasPrefix("=") { source = "return " + source.dropFirst() }
        if let expression = try? compile("return " + source + ";", name: name) {
            return .expression(expression)
        }
        do {
            return .statement(try compile(source, name: name))
        } catch {
            if error.message.hasSuffix("<eof>") { return .incomplete }
            return .failed(error)
        }
    }
}
