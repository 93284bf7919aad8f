/// A body field as class-validator sees it: missing, explicitly `null`, or a value of the right type.
enum Field<Value: Sendable>: Sendable {
    case absent
    case null
    case value(Value)

    /// The value, or `nil` when absent or null.
    var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    /// True unless the key was missing from the body.
    var isPresent: Bool {
        if case .absent = self { return false }
        return true
    }
}
