import Foundation

/// Novu's token-bucket rate limiter (§1.3): one bucket per environment × category, a 5 s window.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private let configuration: Engine.RateLimits
    private let buckets = LockedValue<[String: Bucket]>([:])

    init(configuration: Engine.RateLimits) { self.configuration = configuration }

    /// Takes the route's tokens; returns the headers to send, or throws 429 when the bucket is empty.
    /// - Throws: ``EngineError`` 429 `API rate limit exceeded` with `Retry-After` and the rate headers.
    func take(environmentId: String, category: RateCategory, cost: RateCost, now: Date) throws(EngineError) -> [(String, String)] {
        let perSecond = Double(configuration.requestsPerSecond(category))
        let window = configuration.windowSeconds
        let limit = perSecond * window
        let burst = (limit * 1.1).rounded(.down)
        let key = environmentId + "|" + category.rawValue
        let (allowed, remaining, retryAfter) = buckets.withLock { buckets -> (Bool, Double, Double) in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = max(0, now.timeIntervalSince(bucket.updated))
            bucket.tokens = min(burst, bucket.tokens + elapsed * perSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            if bucket.tokens >= cost.tokens {
                bucket.tokens -= cost.tokens
                return (true, bucket.tokens, 0)
            }
            return (false, bucket.tokens, (cost.tokens - bucket.tokens) / perSecond)
        }
        let reset = Int(((burst - remaining) / perSecond).rounded(.up))
        let headers: [(String, String)] = [
            ("RateLimit-Limit", String(Int(limit))),
            ("RateLimit-Remaining", String(Int(remaining.rounded(.down)))),
            ("RateLimit-Reset", String(max(reset, 0))),
            (
                "RateLimit-Policy",
                "\(Int(limit));w=\(Int(window));burst=\(Int(burst));comment=\"token bucket\";category=\"\(category.rawValue)\";cost=\"\(cost.rawValue)\";serviceLevel=\"\(configuration.serviceLevel)\""
            ),
        ]
        guard allowed else {
            var error = EngineError(.tooManyRequests, "API rate limit exceeded")
            error.label = nil
            error.headers = headers + [("Retry-After", String(max(1, Int(retryAfter.rounded(.up)))))]
            throw error
        }
        return headers
    }
}
