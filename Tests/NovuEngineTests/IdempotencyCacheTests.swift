import Foundation
import NovuKit
import Testing

@testable import NovuEngine

/// The engine keeps the newest idempotency keys up to a capacity: older keys are forgotten in the
/// order they came, and a key stored again after it expired counts from its new place.
struct IdempotencyCacheTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Whether `key` is answered from the cache at `time` (a new key is stored and finished).
    private func replays(_ cache: IdempotencyCache, _ key: String, at time: Date? = nil) throws -> Bool {
        let time = time ?? now
        switch try cache.begin(key: key, environmentId: "env", body: Array(key.utf8), now: time) {
        case .replay: return true
        case .proceed(let cacheKey):
            cache.finish(key: cacheKey, response: APIResponse(status: 201, headers: APIHeaders(), body: []), now: time)
            return false
        }
    }

    @Test func theOldestKeysAreForgottenPastTheCapacity() throws {
        let cache = IdempotencyCache(capacity: 3)
        for key in ["k1", "k2", "k3", "k4"] { #expect(try !replays(cache, key)) }
        #expect(try replays(cache, "k4"))
        #expect(try replays(cache, "k3"))
        #expect(try replays(cache, "k2"))
        #expect(try !replays(cache, "k1"), "k1 was the oldest of four")
    }

    @Test func aKeyStoredAgainAfterItExpiredCountsFromItsNewPlace() throws {
        let cache = IdempotencyCache(capacity: 2)
        #expect(try !replays(cache, "k5"))
        let later = now.addingTimeInterval(2 * 86_400)
        #expect(try !replays(cache, "k5", at: later), "expired after 24 hours")
        #expect(try !replays(cache, "k6", at: later))
        #expect(try replays(cache, "k5", at: later), "its stale first place did not evict it")
        #expect(try !replays(cache, "k7", at: later))
        #expect(try replays(cache, "k7", at: later))
        #expect(try replays(cache, "k6", at: later))
        #expect(try !replays(cache, "k5", at: later), "k5 was the oldest of three")
    }

    /// Short bodies are compared as they are, long ones by digest: either way a different body under
    /// the same key is refused and the same body replayed.
    @Test(arguments: [16, 4096])
    func aKeyReusedForAnotherBodyIsRefused(length: Int) throws {
        let cache = IdempotencyCache()
        let body = [UInt8](repeating: 0x61, count: length)
        var other = body
        other[length - 1] = 0x62
        guard case .proceed(let key) = try cache.begin(key: "k", environmentId: "env", body: body, now: now) else {
            Issue.record("a new key must proceed")
            return
        }
        cache.finish(key: key, response: APIResponse(status: 201, headers: APIHeaders(), body: []), now: now)
        let refused = #expect(throws: EngineError.self) { _ = try cache.begin(key: "k", environmentId: "env", body: other, now: now) }
        #expect(refused?.code.status == 422)
        guard case .replay = try cache.begin(key: "k", environmentId: "env", body: body, now: now) else {
            Issue.record("the same body must replay")
            return
        }
        guard case .proceed = try cache.begin(key: "k", environmentId: "other-env", body: other, now: now) else {
            Issue.record("keys are per environment")
            return
        }
    }
}
