import Foundation
import JSONCore
import NovuKit

/// Turns an ``EngineError`` into Novu's error body: the one place the wire shape of errors is decided.
enum ErrorBody {
    /// `{statusCode, timestamp, path, message, error?, …extra}`; 500s get an `errorId`.
    ///
    /// - Parameter path: the request path with its query string, as Novu's exception filter reports it.
    static func json(for error: EngineError, path: String, now: Date) -> JSON {
        var members: [String: JSON] = error.extra
        members["statusCode"] = .int(Int64(error.code.status))
        members["timestamp"] = .string(ISOTime.format(now))
        members["path"] = .string(path)
        members["message"] = error.message
        if let label = error.label { members["error"] = .string(label) }
        if error.code == .internalError { members["errorId"] = .string(UUID().uuidString.lowercased()) }
        return .object(members)
    }
}
