import NovuKit

/// Completes the field names of a `novu.*` request table: with the cursor in
/// `novu.subscribers.patch("u1", {fir`, it offers `firstName = `. Pure text work on the catalogue:
/// no Lua state, no I/O.
enum FieldCompletion {
    /// The completion for the text before the cursor, or nil when the cursor is not at a key of the
    /// fields table of a `novu.*` call (then the usual completion applies).
    static func complete(_ text: String) -> Completion? {
        let scalars = Array(text.unicodeScalars)
        var end = scalars.count
        while end > 0, isIdentifier(scalars[end - 1]) { end -= 1 }
        let prefix = String(String.UnicodeScalarView(scalars[end...]))
        if let first = prefix.unicodeScalars.first, ("0"..."9").contains(first) { return nil }
        var before = end
        while before > 0, scalars[before - 1] == " " || scalars[before - 1] == "\t" { before -= 1 }
        guard before > 0, scalars[before - 1] == "{" || scalars[before - 1] == "," else { return nil }
        guard let opens = openBrackets(scalars[..<end]), opens.count >= 2 else { return nil }
        let table = opens[opens.count - 1]
        let call = opens[opens.count - 2]
        guard scalars[table] == "{", scalars[call] == "(" else { return nil }
        guard let name = callee(scalars[..<call]), let operation = OperationCatalogue.operation(named: name) else {
            return nil
        }
        var names = operation.body.map(\.name) + operation.query.map(\.name)
        names += operation.positionalFields.filter { !names.contains($0) }
        let candidates = names.filter { $0.hasPrefix(prefix) }.map { $0 + " = " }
        guard !candidates.isEmpty else { return nil }
        return Completion(replaceLength: prefix.utf8.count, candidates: candidates.sorted())
    }

    private static func isIdentifier(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(scalar) || scalar == "_"
    }

    /// The positions of the brackets still open at the end of `text`, skipping strings and
    /// comments; nil when the text is unbalanced in a way that makes it not Lua.
    private static func openBrackets(_ text: ArraySlice<Unicode.Scalar>) -> [Int]? {
        var opens: [Int] = []
        var index = text.startIndex
        while index < text.endIndex {
            let scalar = text[index]
            switch scalar {
            case "\"", "'":
                index += 1
                while index < text.endIndex, text[index] != scalar {
                    if text[index] == "\\" { index += 1 }
                    index += 1
                }
            case "-" where index + 1 < text.endIndex && text[index + 1] == "-":
                while index < text.endIndex, text[index] != "\n" { index += 1 }
            case "(", "{", "[":
                opens.append(index)
            case ")", "}", "]":
                guard opens.popLast() != nil else { return nil }
            default:
                break
            }
            index += 1
        }
        return opens
    }

    /// The catalogue name of the `novu.a.b` expression that ends `text` (spaces allowed before the
    /// parenthesis), or nil.
    private static func callee(_ text: ArraySlice<Unicode.Scalar>) -> String? {
        var end = text.endIndex
        while end > text.startIndex, text[end - 1] == " " { end -= 1 }
        var start = end
        while start > text.startIndex, isIdentifier(text[start - 1]) || text[start - 1] == "." { start -= 1 }
        let expression = String(String.UnicodeScalarView(text[start..<end]))
        guard expression.hasPrefix("novu.") else { return nil }
        return String(expression.dropFirst(5))
    }
}
