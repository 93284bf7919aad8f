/// When and how often ``HTTPTransport`` tries a request again.
///
/// Retried: 408, 429, 5xx except 501, a 409 that carries `Retry-After` (Novu's "request with this
/// idempotency key is being processed"), and connection failures. The delay grows exponentially with
/// jitter; a `Retry-After` (or `retry-after-ms`) header replaces it. Both the number of attempts and
/// the total time are bounded: when the next wait would pass ``maximumTotalTime`` the last answer is
/// returned (or the last failure thrown).
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included (1 = no retries).
    public var maximumAttempts: Int
    /// The delay before the first retry.
    public var initialDelay: Duration
    /// The factor applied to the delay after each retry.
    public var multiplier: Double
    /// The longest computed delay between two attempts (a `Retry-After` may ask for more, within the total).
    public var maximumDelay: Duration
    /// The longest time from the first attempt to the start of the last one.
    public var maximumTotalTime: Duration
    /// The random share added to or taken from each computed delay (0.25 = ±25 %).
    public var jitter: Double

    /// Creates a policy.
    public init(
        maximumAttempts: Int = 4, initialDelay: Duration = .milliseconds(500), multiplier: Double = 2,
        maximumDelay: Duration = .seconds(10), maximumTotalTime: Duration = .seconds(60), jitter: Double = 0.25
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maximumDelay = maximumDelay
        self.maximumTotalTime = maximumTotalTime
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The default: 4 attempts, 0.5 s doubling to at most 10 s, within one minute.
    public static let standard = RetryPolicy()
    /// No retries.
    public static let none = RetryPolicy(maximumAttempts: 1)

    /// Whether an answer with `status` may be retried (`hasRetryAfter`: the answer carried `Retry-After`).
    public static func isRetryable(status: Int, hasRetryAfter: Bool) -> Bool {
        switch status {
        case 408, 429: true
        case 409: hasRetryAfter
        case 501: false
        case 500...599: true
        default: false
        }
    }
}

/// The retry decisions for one call, with no I/O: feed it each attempt's outcome and it says whether
/// to wait and try again.
struct RetryStateMachine {
    enum Outcome {
        /// An answer; `retryAfter` from its headers.
        case response(status: Int, retryAfter: Duration?)
        /// No answer; `retryable` says whether sending again is safe.
        case failure(retryable: Bool)
    }

    enum Action: Equatable {
        case retry(after: Duration)
        case finish
    }

    private let policy: RetryPolicy
    private var attempts = 0
    private var nextDelay: Duration
    private var random: () -> Double

    /// `random` returns a number in 0..<1 (tests pass a fixed one).
    init(policy: RetryPolicy, random: @escaping () -> Double = { Double.random(in: 0..<1) }) {
        self.policy = policy
        self.nextDelay = policy.initialDelay
        self.random = random
    }

    /// Records one attempt's outcome, `elapsed` after the first attempt started.
    mutating func next(after outcome: Outcome, elapsed: Duration) -> Action {
        attempts += 1
        let requested: Duration?
        switch outcome {
        case .response(let status, let retryAfter):
            guard RetryPolicy.isRetryable(status: status, hasRetryAfter: retryAfter != nil) else { return .finish }
            requested = retryAfter
        case .failure(let retryable):
            guard retryable else { return .finish }
            requested = nil
        }
        guard attempts < policy.maximumAttempts else { return .finish }
        let delay = requested ?? jittered(min(nextDelay, policy.maximumDelay))
        nextDelay = nextDelay * policy.multiplier
        guard elapsed + delay <= policy.maximumTotalTime else { return .finish }
        return .retry(after: delay)
    }

    private func jittered(_ delay: Duration) -> Duration {
        guard policy.jitter > 0 else { return delay }
        let factor = 1 + policy.jitter * (2 * random() - 1)
        return delay * max(0, factor)
    }
}
