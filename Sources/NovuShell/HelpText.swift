import Foundation
import NovuKit

/// The text `help` prints: for the whole API, a module, an operation or a helper.
enum HelpText {
    /// Helpers that are not catalogue operations, by the name `help "…"` accepts.
    static let helpers: [String: String] = [
        "all": """
            novu.all(fn, [pathArguments…,] [fields])
              Iterates every item of a list operation, following pages (page/hasMore), cursors
              (next → after) or offsets to the end; each page is fetched when the previous one runs out.
            Example:
              for s in novu.all(novu.subscribers.search, {email = "ada@example.com"}) do print(s.subscriberId) end
            Returns: an iterator function (use it in a generic for, or pass it to novu.each)
            """,
        "each": """
            novu.each(list_or_iterator, fn[, {concurrency = 8, progress = true}])
              Calls fn(item, index) in one coroutine per item, with at most `concurrency` (1–10000) running
              at once; an error in one item does not stop the others. A progress bar with rate and ETA
              shows on stderr when it is a terminal. Ctrl-C stops starting items, cancels those in flight
              and raises `interrupted!`.
            Example:
              local report = novu.each(ids, function(id) novu.subscribers.patch(id, {locale = "de-DE"}) end, {concurrency = 16})
            Returns: {ok = n, failed = {{item = …, error = …}, …}}
            """,
        "null": """
            novu.null
              The JSON null sentinel (same as json.null): results hold it where the server sent null,
              and sending it clears a field: novu.subscribers.patch("u1", {email = novu.null}).
            """,
        "json": """
            json.encode(value[, {pretty = true}]) → string     json.decode(text) → value
            json.null (the null sentinel), json.array() and json.object() (empty values that keep their kind)
            """,
        "csv": """
            csv.read(path) → rows
              Rows as tables keyed by the header row (all values are strings); quoted fields may hold
              commas, quotes and newlines. A malformed row raises an error naming its line.
            csv.write(path, rows[, columns])
              Writes a header row and one row per table; columns default to the sorted keys of all rows.
              Tables are written as JSON, null and nil as empty fields.
            Example:
              for _, row in ipairs(csv.read("users.csv")) do novu.subscribers.create(row) end
            """,
        "show": """
            show(value[, "json" | "table"])
              Prints a value as the REPL does, as JSON, or as a table (a list of tables as aligned columns,
              one table as a key/value block).
            """,
        "help": """
            help()                        the modules and helpers
            help(novu.subscribers)        the functions of a module
            help(novu.subscribers.patch)  or help "subscribers.patch": signature, route, fields, example
            """,
    ]

    /// The overview: modules with their function counts, top-level functions, helpers.
    static func overview() -> String {
        let tree = OperationTree(OperationCatalogue.all)
        var lines = ["novu — the Novu API (\(OperationCatalogue.all.count) functions). help(novu.MODULE) lists a module.", ""]
        lines.append("Modules:")
        let width = tree.modules.keys.map(\.count).max() ?? 0
        for name in tree.modules.keys.sorted() {
            let count = OperationCatalogue.operations(under: name).count
            lines.append("  novu." + name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + "\(count) functions")
        }
        lines.append("")
        lines.append("Functions:")
        for (_, operation) in tree.functions.sorted(by: { $0.key < $1.key }) {
            lines.append("  novu.\(operation.signature)  — \(operation.summary)")
        }
        lines.append("")
        lines.append("Helpers: novu.all, novu.each, novu.null, json, csv, show, help (help \"each\" and so on)")
        return lines.joined(separator: "\n")
    }

    /// The functions and submodules of module `path` (`subscribers`, `subscribers.preferences`).
    static func module(_ path: String) -> String? {
        let operations = OperationCatalogue.operations(under: path)
        guard !operations.isEmpty else { return nil }
        var lines = ["novu.\(path) — \(operations.count) functions", ""]
        let depth = path.split(separator: ".").count + 1
        let direct = operations.filter { $0.name.split(separator: ".").count == depth }
        for operation in direct {
            let deprecated = operation.isDeprecated ? " (deprecated)" : ""
            lines.append("  novu.\(operation.signature)\(deprecated)")
            lines.append("      \(operation.summary)")
        }
        let submodules = Set(operations.filter { $0.name.split(separator: ".").count > depth }
            .map { $0.name.split(separator: ".").prefix(depth).joined(separator: ".") }).sorted()
        if !submodules.isEmpty {
            lines.append("")
            lines.append("Modules:")
            for submodule in submodules {
                lines.append("  novu.\(submodule)  (\(OperationCatalogue.operations(under: submodule).count) functions)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Everything about one operation: signature, route, summary, fields, result, example.
    static func operation(_ operation: APIOperation) -> String {
        var lines = ["novu.\(operation.signature)", "  \(operation.method) \(operation.pathTemplate)", "  \(operation.summary)"]
        if operation.isDeprecated { lines.append("  Deprecated by Novu: prefer the v2 route.") }
        if !(operation.pathParameters + operation.positionalFields).isEmpty {
            lines.append("")
            lines.append("Arguments (in order):")
            for name in operation.pathParameters { lines.append("  \(name): string (path)") }
            for name in operation.positionalFields {
                let field = operation.field(named: name)
                lines.append("  \(name): \(field?.type.description ?? "string") (or in the fields table)")
            }
        }
        for (title, fields) in [("Body fields", operation.body), ("Query fields", operation.query)] where !fields.isEmpty {
            lines.append("")
            lines.append("\(title) (one table, by wire name):")
            let nameWidth = fields.map { $0.name.count + ($0.isRequired ? 1 : 0) }.max() ?? 0
            let typeWidth = fields.map { $0.type.description.count }.max() ?? 0
            for field in fields {
                let name = field.name + (field.isRequired ? "*" : "")
                var line = "  " + name.padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
                line += field.type.description.padding(toLength: typeWidth + 2, withPad: " ", startingAt: 0)
                line += field.summary
                lines.append(line.trimmingTrailingSpaces())
            }
            if fields.contains(where: \.isRequired) { lines.append("  (* required)") }
        }
        lines.append("")
        lines.append("Returns: \(returns(operation))")
        lines.append("Example:")
        lines.append("  \(operation.example)")
        return lines.joined(separator: "\n")
    }

    /// What a call returns, in words.
    static func returns(_ operation: APIOperation) -> String {
        let shape: String
        switch operation.result {
        case .object: shape = "the object the server sent (the {data} envelope removed)"
        case .list: shape = "a list, as the server sent it"
        case .scalar: shape = "a number or boolean"
        case .page: shape = "the whole page {data, page, pageSize, hasMore, …}; novu.all follows the pages"
        case .cursorPage: shape = "the whole page {data, next, previous} (or {data, hasMore}); novu.all follows it"
        default: shape = "true (the server sends no content)"
        }
        let statuses = operation.successStatuses.map(String.init).joined(separator: "/")
        var text = "\(shape) (HTTP \(statuses))"
        if NovuLibrary.isLookup(operation) { text += "; nil when it does not exist (404)" }
        text += "; errors raise {status, message, error, method, path, body}"
        return text
    }

    /// The help for a name given as a string (`subscribers.patch`, `novu.subscribers`, `each`).
    static func text(forName rawName: String) -> String? {
        var name = rawName
        if name.hasPrefix("novu.") { name.removeFirst(5) }
        if name == "novu" || name.isEmpty { return overview() }
        if let operation = OperationCatalogue.operation(named: name) { return self.operation(operation) }
        if let text = module(name) { return text }
        return helpers[name]
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
