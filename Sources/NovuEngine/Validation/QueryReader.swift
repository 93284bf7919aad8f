import Foundation
import NovuKit

/// Reads query parameters with class-validator style messages; numbers may be sent as `10.0` (the Python SDK does).
struct QueryReader: Sendable {
    let items: [QueryItem]
    private(set) var messages: [String] = []

    init(_ items: [QueryItem]) { self.items = items }

    /// The last value of `name`.
    func string(_ name: String) -> String? { items.last { $0.name == name }?.value }

    /// Every value of `name` (`a=1&a=2` and `a[]=1&a[]=2`).
    func strings(_ name: String) -> [String] {
        items.filter { $0.name == name || $0.name == name + "[]" }.map(\.value)
    }

    /// Records a problem with a custom message.
    mutating func fail(_ message: String) { messages.append(message) }

    /// Throws one 400 listing every problem, if any.
    /// - Throws: ``EngineError`` (400, message array).
    func finish() throws(EngineError) {
        if !messages.isEmpty { throw EngineError.validation(messages) }
    }

    /// An integer parameter; `10.0` counts as 10, `1.5` or `abc` is an error naming the parameter.
    mutating func int(_ name: String, default defaultValue: Int?, min: Int? = nil, max: Int? = nil) -> Int? {
        guard let text = string(name) else { return defaultValue }
        guard let value = Self.integer(text) else {
            fail("\(name) must be an integer number")
            return defaultValue
        }
        if let min, value < min {
            fail("\(name) must not be less than \(min)")
            return defaultValue
        }
        if let max, value > max {
            fail("\(name) must not be greater than \(max)")
            return defaultValue
        }
        return value
    }

    /// A boolean parameter (`true`/`false`).
    mutating func bool(_ name: String) -> Bool? {
        guard let text = string(name) else { return nil }
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default:
            fail("\(name) must be a boolean value")
            return nil
        }
    }

    /// A parameter restricted to `allowed`.
    mutating func enumValue(_ name: String, allowed: [String]) -> String? {
        guard let text = string(name) else { return nil }
        guard allowed.contains(text) else {
            fail("\(name) must be one of the following values: \(allowed.joined(separator: ", "))")
            return nil
        }
        return text
    }

    /// `text` as an integer, accepting a decimal point with an integral value (`10.0`).
    static func integer(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let value = Int(trimmed) { return value }
        if let value = Double(trimmed), value.isFinite, value.rounded() == value, abs(value) < 9e15 { return Int(value) }
        return nil
    }
}

