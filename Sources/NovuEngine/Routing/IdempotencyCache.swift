import Foundation
import NovuKit

/// Novu's `Idempotency-Key` handling (§1.2): POST and PATCH only, scoped per environment, replays
/// successes and errors for 24 h, 409 while the first request runs, 422 for a different body.
///
/// Novu keeps keys in Redis for 24 hours; the engine keeps at most the `capacity` newest ones in
/// memory (a retry comes seconds after its first attempt, not ten thousand writes later), so a
/// long-running `novush serve` neither grows without bound nor scans its keys on every request.
final class IdempotencyCache: Sendable {
    private enum State {
        case inProgress
        case done(APIResponse)
    }

    /// A key as stored: the client's key within its environment (an environment belongs to one organization).
    struct Key: Hashable, Sendable {
        let environmentId: String
        let key: String
    }

    /// What tells one body from another: a short body itself, a long one's SHA-256 digest.
    private enum BodyFingerprint: Equatable {
        case bytes([UInt8])
        case digest([UInt8])

        init(_ body: [UInt8]?) {
            let body = body ?? []
            self = body.count <= 256 ? .bytes(body) : .digest(SHA256.hash(body))
        }
    }

    private struct Entry {
        var body: BodyFingerprint
        var state: State
        var expires: Date
        /// When the key was stored, in insertion order: tells a stale place in `order` from the current one.
        var sequence: Int
    }

    /// The keys, and the order they were stored in (oldest first, from `head` on).
    private struct Keys {
        var entries: [Key: Entry] = [:]
        var order: [(key: Key, sequence: Int)] = []
        var head = 0
        var nextSequence = 0

        mutating func insert(_ key: Key, _ entry: Entry, capacity: Int) {
            entries[key] = entry
            order.append((key, entry.sequence))
            while entries.count > capacity || order.count - head > 2 * capacity, head < order.count {
                let oldest = order[head]
                head += 1
                if entries[oldest.key]?.sequence == oldest.sequence { entries[oldest.key] = nil }
            }
            if head > 1024 && head * 2 > order.count {
                order.removeFirst(head)
                head = 0
            }
        }
    }

    static let link = "https://docs.novu.co/additional-resources/idempotency"
    private let keys = LockedValue(Keys())
    private let capacity: Int

    /// A cache of at most `capacity` keys.
    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// What to do with a request before running it.
    enum Decision {
        /// Run it, then call ``finish(key:response:now:)``.
        case proceed(key: Key)
        /// Answer with this cached response.
        case replay(APIResponse)
    }

    /// Looks up `key` for the environment.
    /// - Throws: ``EngineError`` 400 for a key over 255 characters, 409 while the same key is in progress,
    ///   422 when the key was used with a different body.
    func begin(key: String, environmentId: String, body: [UInt8]?, now: Date) throws(EngineError) -> Decision {
        // Novu measures the key as JavaScript does: in UTF-16 code units.
        guard key.utf16.count <= 255 else {
            throw EngineError.badRequest(
                "idempotencyKey \"\(key)\" has exceeded the maximum allowed length of 255 characters")
        }
        let cacheKey = Key(environmentId: environmentId, key: key)
        let fingerprint = BodyFingerprint(body)
        let capacity = capacity
        let found: Entry? = keys.withLock { keys in
            if let entry = keys.entries[cacheKey], entry.expires > now { return entry }
            keys.nextSequence += 1
            let entry = Entry(body: fingerprint, state: .inProgress, expires: now.addingTimeInterval(300), sequence: keys.nextSequence)
            keys.insert(cacheKey, entry, capacity: capacity)
            return nil
        }
        guard let found else { return .proceed(key: cacheKey) }
        if found.body != fingerprint {
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
    func finish(key cacheKey: Key, response: APIResponse, now: Date) {
        keys.withLock { keys in
            guard var entry = keys.entries[cacheKey] else { return }
            entry.state = .done(response)
            entry.expires = now.addingTimeInterval(86_400)
            keys.entries[cacheKey] = entry
        }
    }
}
