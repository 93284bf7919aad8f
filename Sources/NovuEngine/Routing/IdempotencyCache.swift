import Foundation
import NovuKit

/// Novu's `Idempotency-Key` handling (§1.2): POST and PATCH only, scoped per environment, replays
/// successes and errors for 24 h, 409 while the first request runs, 422 for a different body.
final class IdempotencyCache: Sendable {
    private enum State {
        case inProgress
        case done(APIResponse)
    }

    private struct Entry {
        var bodyHash: String
        var state: State
        var expires: Date
    }

    static let link = "https://docs.novu.co/additional-resources/idempotency"
    private let entries = LockedValue<[String: Entry]>([:])

    /// What to do with a request before running it.
    enum Decision {
        /// Run it, then call ``finish(key:response:now:)``.
        case proceed(key: String)
        /// Answer with this cached response.
        case replay(APIResponse)
    }

    /// Looks up `key` for the environment.
    /// - Throws: ``EngineError`` 400 for a key over 255 characters, 409 while the same key is in progress,
    ///   422 when the key was used with a different body.
    func begin(key: String, environmentId: String, organizationId: String, body: [UInt8]?, now: Date) throws(EngineError) -> Decision {
        guard key.count <= 255 else {
            throw EngineError.badRequest(
                "idempotencyKey \"\(key)\" has exceeded the maximum allowed length of 255 characters")
        }
        let cacheKey = "\(environmentId)-\(organizationId)-\(key)"
        let bodyHash = SHA256.hex(bytes: body ?? [])
        let found: Entry? = entries.withLock { entries in
            if entries.count > 10_000 { entries = entries.filter { $0.value.expires > now } }
            if let entry = entries[cacheKey], entry.expires > now { return entry }
            entries[cacheKey] = Entry(bodyHash: bodyHash, state: .inProgress, expires: now.addingTimeInterval(300))
            return nil
        }
        guard let found else { return .proceed(key: cacheKey) }
        if found.bodyHash != bodyHash {
            var error = EngineError(.unprocessable, "Request with key \"\(key)\" is being reused for a different body")
            error.headers = [("Link", Self.link)]
            throw error
        }
        switch found.state {
        case .inProgress:
            var error = EngineError(
                .conflict, "Request with key \"\(key)\" is currently being processed. Please retry after 1 second")
            error.headers = [("Retry-After", "1"), ("Link", Self.link)]
            throw error
        case .done(var response):
            response.headers["Idempotency-Key"] = key
            response.headers["Idempotency-Replay"] = "true"
            return .replay(response)
        }
    }

    /// Stores the finished response under `key` for 24 hours.
    func finish(key cacheKey: String, response: APIResponse, now: Date) {
        entries.withLock { entries in
            guard var entry = entries[cacheKey] else { return }
            entry.state = .done(response)
            entry.expires = now.addingTimeInterval(86_400)
            entries[cacheKey] = entry
        }
    }
}
