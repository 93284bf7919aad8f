import Foundation

/// Slows requests down before the server says 429, from the `RateLimit-Remaining` and
/// `RateLimit-Reset` headers of earlier answers.
///
/// While more than a tenth of the window's tokens remain, requests go at once. Below that, the
/// remaining tokens are spread evenly over the time left until the reset; with none left, requests
/// wait for the reset. A 429's `Retry-After` holds every request back until it has passed. Each
/// request reserves a token, so concurrent callers spread out instead of all going at once.
final class RateLimitPacer: @unchecked Sendable {
    // Invariant: every access to `state` holds `lock`; nothing else is mutable.
    private let lock = NSLock()
    private var state = State()

    struct State {
        var limit: Int?
        var remaining: Int?
        var resetAt: ContinuousClock.Instant?
        var blockedUntil: ContinuousClock.Instant?
    }

    /// How long to wait before sending the next request (reserving a token for it).
    func delayBeforeSending(now: ContinuousClock.Instant = .now) -> Duration {
        lock.withLock {
            var wait = Duration.zero
            if let blocked = state.blockedUntil, blocked > now { wait = blocked - now }
            guard let remaining = state.remaining, let resetAt = state.resetAt, resetAt > now else { return wait }
            let untilReset = resetAt - now
            let lowWater = max(1, (state.limit ?? 50) / 10)
            if remaining <= 0 {
                wait = max(wait, untilReset)
            } else if remaining < lowWater {
                wait = max(wait, untilReset / remaining)
            }
            state.remaining = remaining - 1
            return wait
        }
    }

    /// The fields of an answer that pace later requests, found in one pass over its header.
    struct Fields {
        var limit: String?
        var remaining: String?
        var reset: String?
        var retryAfter: String?
        var retryAfterMilliseconds: String?

        init(_ headers: APIHeaders) {
            for (name, value) in headers {
                // Sorted by length first: most fields of an answer have none of these lengths.
                switch name.utf8.count {
                case 11 where retryAfter == nil && APIHeaders.sameName(name, "Retry-After"): retryAfter = value
                case 14 where retryAfterMilliseconds == nil && APIHeaders.sameName(name, "retry-after-ms"):
                    retryAfterMilliseconds = value
                case 15 where reset == nil && APIHeaders.sameName(name, "RateLimit-Reset"): reset = value
                case 15 where limit == nil && APIHeaders.sameName(name, "RateLimit-Limit"): limit = value
                case 19 where remaining == nil && APIHeaders.sameName(name, "RateLimit-Remaining"): remaining = value
                default: continue
                }
            }
        }
    }

    /// Reads the rate-limit fields of an answer.
    func record(status: Int, fields: Fields, retryAfter: Duration?, now: ContinuousClock.Instant = .now) {
        lock.withLock {
            if let remaining = fields.remaining.flatMap({ Int(Self.trimmed($0)) }),
                let reset = fields.reset.flatMap({ Self.seconds(Self.trimmed($0)) })
            {
                state.remaining = remaining
                state.resetAt = now + .milliseconds(Int64(reset * 1000))
                state.limit = fields.limit.flatMap { Int(Self.trimmed($0)) }
            }
            if status == 429, let retryAfter { state.blockedUntil = now + retryAfter }
        }
    }

    /// `text` without surrounding spaces and tabs (header values are ASCII numbers here), trimmed
    /// byte by byte: a `Substring`'s characters cost a grapheme break check each.
    private static func trimmed(_ text: String) -> Substring {
        let bytes = text.utf8
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isBlank(bytes[start]) { start = bytes.index(after: start) }
        while start < end, isBlank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return text[start..<end]
    }

    /// A number of seconds: a whole number as most servers send it, or a decimal one.
    private static func seconds(_ text: Substring) -> Double? {
        if let whole = Int(text) { return Double(whole) }
        return Double(text)
    }

    /// Reads `retry-after-ms`, or `Retry-After` as seconds or an HTTP date.
    static func retryAfter(_ fields: Fields, now: Date = Date()) -> Duration? {
        if let text = fields.retryAfterMilliseconds, let milliseconds = Double(text.trimmingCharacters(in: .whitespaces)),
            milliseconds >= 0
        {
            return .milliseconds(Int64(milliseconds))
        }
        guard let text = fields.retryAfter?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(text), seconds >= 0 { return .milliseconds(Int64(seconds * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
    }
}
