import JSONCore

/// How JSON values are kept in TEXT columns.
enum JSONColumn {
    /// `value` as compact JSON text.
    static func text(_ value: JSON) -> String {
        (try? value.serializedString(options: [.sortedKeys])) ?? "null"
    }

    /// `value` as JSON text, or `nil` (SQL NULL) when the value is missing.
    static func text(_ value: JSON?) -> String? { value.map { text($0) } }

    /// The JSON stored in `text`, or `nil` for NULL or unreadable text.
    static func value(_ text: String?) -> JSON? {
        guard let text else { return nil }
        return try? JSON.parse(text)
    }

    /// The JSON stored in `text`, through `memo` when there is one.
    static func value(_ text: String?, memo: JSONMemo?) -> JSON? {
        memo.map { $0.value(text) } ?? value(text)
    }
}

/// Parsed JSON columns by their text, for decoding many rows that repeat the same values: the jobs of
/// a fan-out all store one step definition, their notifications one payload. Lives for one batch.
final class JSONMemo {
    private var values: [String: JSON] = [:]

    /// The JSON stored in `text` (parsed once per distinct text), or `nil` for NULL or unreadable text.
    func value(_ text: String?) -> JSON? {
        guard let text else { return nil }
        if let known = values[text] { return known }
        let value = JSONColumn.value(text)
        values[text] = value
        return value
    }
}
