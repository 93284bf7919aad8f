/// An error reading or writing JSON text, with the position or path where it happened.
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable { case syntax, tooDeep, notUTF8, notRepresentable }
        private let kind: Kind
        /// The text is not valid JSON.
        public static let syntax = Code(kind: .syntax)
        /// Nesting is deeper than the reader or writer allows.
        public static let tooDeep = Code(kind: .tooDeep)
        /// A string is not valid UTF-8.
        public static let notUTF8 = Code(kind: .notUTF8)
        /// A value has no JSON form (NaN, infinity).
        public static let notRepresentable = Code(kind: .notRepresentable)
        public var description: String { kind.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// A message that says what is wrong and where.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
