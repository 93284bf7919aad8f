public import JSONCore

/// An error raised by Lua code or by the bridge, with a code, a message and, for runtime errors,
/// the traceback.
public struct LuaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of error this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case syntax, runtime, memory, errorHandler, interrupted, badArgument, conversion, notYieldable
        }
        private let kind: Kind
        /// The chunk does not compile.
        public static let syntax = Code(kind: .syntax)
        /// Lua code raised an error while running.
        public static let runtime = Code(kind: .runtime)
        /// Lua ran out of memory.
        public static let memory = Code(kind: .memory)
        /// The error handler itself failed.
        public static let errorHandler = Code(kind: .errorHandler)
        /// The chunk was stopped by Ctrl-C (SIGINT) or a cancellation.
        public static let interrupted = Code(kind: .interrupted)
        /// A Swift function was called with an argument of the wrong kind.
        public static let badArgument = Code(kind: .badArgument)
        /// A value could not be converted between Lua and Swift (a cycle, a function in data, …).
        public static let conversion = Code(kind: .conversion)
        /// An async function was called where Lua cannot yield.
        public static let notYieldable = Code(kind: .notYieldable)
        public var description: String { kind.rawValue }
    }

    /// The kind of error.
    public var code: Code
    /// The message, with the chunk name and line where Lua gives them (`stdin:1: boom`).
    public var message: String
    /// The Lua traceback at the point of the error, when there is one.
    public var traceback: String?
    /// The error value when it was a table (its fields), for callers that branch on them.
    public var value: JSON?

    /// Creates an error.
    public init(_ code: Code, _ message: String, traceback: String? = nil, value: JSON? = nil) {
        self.code = code
        self.message = message
        self.traceback = traceback
        self.value = value
    }

    public var description: String { message }

    /// An argument error worded like Lua's own: `bad argument #1 to 'f' (string expected, got nil)`.
    public static func badArgument(_ position: Int, function: String, _ problem: String) -> LuaError {
        LuaError(.badArgument, "bad argument #\(position) to '\(function)' (\(problem))")
    }
}

/// An error that knows which fields its Lua error table should carry.
///
/// Errors thrown by Swift functions called from Lua become a Lua table with at least `code` and
/// `message` and a `__tostring` that prints one line (`where` followed by `description` when the
/// table has one, else `message`); conforming errors add their own fields (an HTTP status, say).
public protocol LuaErrorConvertible: Error {
    /// The fields of the Lua error table; `message` and `code` should be present.
    var luaErrorFields: [String: JSON] { get }
}

extension LuaError: LuaErrorConvertible {
    public var luaErrorFields: [String: JSON] {
        if case .object(var fields) = value {
            fields["message"] = fields["message"] ?? .string(message)
            return fields
        }
        return ["code": .string(code.description), "message": .string(message)]
    }
}
