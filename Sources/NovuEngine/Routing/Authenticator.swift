import GRDB
import NovuKit

/// Checks `Authorization: ApiKey <key>` the way Novu's guard does (§1.1) and finds the key's environment.
final class Authenticator: Sendable {
    private let store: EngineStore
    /// Key → environment for the keys seen, so the hot path neither hashes the key nor reads the
    /// environments table on every request. Only keys that were found are kept (one per environment).
    private let cache = LockedValue<[Substring: EnvironmentRecord]>([:])

    init(store: EngineStore) { self.store = store }

    /// The environment of the request's API key.
    /// - Throws: ``EngineError`` 401 with Novu's exact message for a missing header, an unknown scheme,
    ///   an empty key, an unknown key, or a Bearer token.
    func environment(for headers: APIHeaders) async throws(EngineError) -> EnvironmentRecord {
        guard let header = headers["Authorization"], !header.isEmpty else {
            throw EngineError(.unauthorized, "Missing authorization header")
        }
        let scheme = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let rest = header.dropFirst(scheme.count).trimmingPrefixSpaces()
        switch scheme {
        case "ApiKey":
            guard !rest.isEmpty else { throw Self.bareUnauthorized }
            if let cached = cache.withLock({ $0[rest] }) { return cached }
            let hash = SHA256.hex(String(rest))
            let found = try store.read { db in
                try EnvironmentRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM environments WHERE apiKeyHash = ?"), arguments: [hash])
            }
            guard let found else { throw EngineError(.unauthorized, "API Key not found") }
            cache.withLock { $0[Substring(String(rest))] = found }
            return found
        case "Bearer":
            throw Self.bareUnauthorized
        default:
            throw EngineError(.unauthorized, "Invalid authentication scheme: \"\(scheme)\"")
        }
    }

    /// Forgets cached keys (after a key is regenerated).
    func clearCache() { cache.withLock { $0.removeAll() } }

    /// Novu's bare 401: `message: "Unauthorized"` and no `error` field.
    private static var bareUnauthorized: EngineError {
        var error = EngineError(.unauthorized, "Unauthorized")
        error.label = nil
        return error
    }
}

extension Substring {
    fileprivate func trimmingPrefixSpaces() -> Substring {
        var rest = self
        while rest.first == " " { rest = rest.dropFirst() }
        return rest
    }
}
