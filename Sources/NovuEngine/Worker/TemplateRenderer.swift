import Foundation
import JSONCore

/// A small Handlebars subset for step templates: `{{path}}`, `{{{path}}}`, `{{#each path}}…{{/each}}`
/// (with `this`, `@index`, fields of the item, and `../` to the outer scope), `{{#if path}}…{{else}}…{{/if}}`
/// and `{{#unless path}}…{{/unless}}`. Unknown variables render as empty text; values are not HTML-escaped.
struct TemplateRenderer: Sendable {
    /// The variables: `{subscriber, payload, actor, tenant, step}`.
    let variables: JSON

    /// `template` rendered with the variables.
    func render(_ template: String) -> String {
        guard Self.hasTags(template) else { return template }
        var out = ""
        render(Self.nodes(of: template), scopes: [variables], index: nil, into: &out)
        return out
    }

    /// Parsed templates: a fan-out renders the same few templates for every subscriber.
    private static let parsed = LockedValue<[String: [Node]]>([:])

    private static func nodes(of template: String) -> [Node] {
        if let known = parsed.withLock({ $0[template] }) { return known }
        var index = 0
        let nodes = parse(tokenize(template), &index, until: nil)
        parsed.withLock { cache in
            if cache.count >= 1024 { cache.removeAll() }
            cache[template] = nodes
        }
        return nodes
    }

    /// Whether a string anywhere inside `value` contains `{{`.
    private static func hasTags(in value: JSON) -> Bool {
        switch value {
        case .string(let text): hasTags(text)
        case .array(let items): items.contains(where: hasTags(in:))
        case .object(let members): members.values.contains(where: hasTags(in:))
        default: false
        }
    }

    /// Whether `template` contains `{{` (checked on bytes; most step fields have no tags at all).
    private static func hasTags(_ template: String) -> Bool {
        var previous: UInt8 = 0
        for byte in template.utf8 {
            if byte == 0x7b, previous == 0x7b { return true }
            previous = byte
        }
        return false
    }

    /// Every string inside `value` rendered (for `cta`, `data` and button objects); a value without
    /// tags comes back as it is, without rebuilding its objects.
    func renderAll(_ value: JSON) -> JSON {
        guard Self.hasTags(in: value) else { return value }
        switch value {
        case .string(let text): return .string(render(text))
        case .array(let items): return .array(items.map(renderAll))
        case .object(let members): return .object(members.mapValues(renderAll))
        default: return value
        }
    }

    // MARK: - Parsing

    private enum Token { case text(String), tag(String) }

    private indirect enum Node: Sendable {
        case text(String)
        case variable(Path)
        case block(kind: String, path: Path, body: [Node], otherwise: [Node])
    }

    /// A variable's path, split once when the template is parsed: `../` steps out of a scope, then
    /// `@index`, `this` / `.`, `this.a.b`, or `a.b` looked up from the innermost scope out.
    private struct Path: Sendable {
        enum Target: Sendable {
            case index
            case this([String])
            case anyScope([String])
        }

        let outward: Int
        let target: Target

        init(_ raw: String) {
            var path = Substring(raw)
            var outward = 0
            while path.hasPrefix("../") {
                path = path.dropFirst(3)
                outward += 1
            }
            self.outward = outward
            let parts = { (text: Substring) in text.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }
            if path == "@index" {
                target = .index
            } else if path == "this" || path == "." {
                target = .this([])
            } else if path.hasPrefix("this.") {
                target = .this(parts(path.dropFirst(5)))
            } else {
                target = .anyScope(parts(path))
            }
        }
    }

    private static func tokenize(_ template: String) -> [Token] {
        var tokens: [Token] = []
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { tokens.append(.text(String(rest[..<open.lowerBound]))) }
            let triple = rest[open.upperBound...].hasPrefix("{")
            let closer = triple ? "}}}" : "}}"
            let start = triple ? rest.index(after: open.upperBound) : open.upperBound
            guard let close = rest[start...].range(of: closer) else {
                tokens.append(.text(String(rest[open.lowerBound...])))
                return tokens
            }
            tokens.append(.tag(rest[start..<close.lowerBound].trimmingCharacters(in: .whitespaces)))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { tokens.append(.text(String(rest))) }
        return tokens
    }

    private static func parse(_ tokens: [Token], _ index: inout Int, until end: String?) -> [Node] {
        var nodes: [Node] = []
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token {
            case .text(let text): nodes.append(.text(text))
            case .tag(let tag):
                if tag.hasPrefix("/") || tag == "else" {
                    index -= 1
                    return nodes
                }
                if tag.hasPrefix("#") {
                    let parts = tag.dropFirst().split(separator: " ", maxSplits: 1)
                    let kind = parts.first.map(String.init) ?? ""
                    let path = Path(parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : "")
                    let body = parse(tokens, &index, until: kind)
                    var otherwise: [Node] = []
                    if index < tokens.count, case .tag("else") = tokens[index] {
                        index += 1
                        otherwise = parse(tokens, &index, until: kind)
                    }
                    if index < tokens.count, case .tag(let closing) = tokens[index], closing.hasPrefix("/") { index += 1 }
                    nodes.append(.block(kind: kind, path: path, body: body, otherwise: otherwise))
                } else if !tag.hasPrefix("!") {
                    nodes.append(.variable(Path(tag)))
                }
            }
        }
        return nodes
    }

    // MARK: - Rendering

    private func render(_ nodes: [Node], scopes: [JSON], index: Int?, into out: inout String) {
        for node in nodes {
            switch node {
            case .text(let text): out += text
            case .variable(let path): out += Self.text(lookup(path, scopes: scopes, index: index))
            case .block(let kind, let path, let body, let otherwise):
                let value = lookup(path, scopes: scopes, index: index)
                switch kind {
                case "each":
                    let items = value?.arrayValue ?? value?.objectValue.map { Array($0.values) } ?? []
                    if items.isEmpty { render(otherwise, scopes: scopes, index: index, into: &out) }
                    for (position, item) in items.enumerated() {
                        render(body, scopes: scopes + [item], index: position, into: &out)
                    }
                case "with":
                    if let value { render(body, scopes: scopes + [value], index: index, into: &out) }
                case "unless":
                    render(Self.truthy(value) ? otherwise : body, scopes: scopes, index: index, into: &out)
                default:
                    render(Self.truthy(value) ? body : otherwise, scopes: scopes, index: index, into: &out)
                }
            }
        }
    }

    private func lookup(_ path: Path, scopes: [JSON], index: Int?) -> JSON? {
        let depth = max(0, scopes.count - 1 - path.outward)
        switch path.target {
        case .index: return index.map { .int(Int64($0)) }
        case .this(let parts): return scopes[depth].value(atPath: parts)
        case .anyScope(let parts):
            // Innermost scope first, then outer scopes (so `payload.x` works inside `#each`).
            for scope in scopes[...depth].reversed() {
                if let found = scope.value(atPath: parts) { return found }
            }
            return nil
        }
    }

    static func truthy(_ value: JSON?) -> Bool {
        switch value {
        case nil, .null?: return false
        case .bool(let flag)?: return flag
        case .int(let number)?: return number != 0
        case .double(let number)?: return number != 0
        case .string(let text)?: return !text.isEmpty
        case .array(let items)?: return !items.isEmpty
        default: return true
        }
    }

    static func text(_ value: JSON?) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .bool(let flag)?: return flag ? "true" : "false"
        case .int(let number)?: return String(number)
        case .double(let number)?:
            return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case let other?: return (try? other.serializedString(options: [])) ?? ""
        }
    }
}
