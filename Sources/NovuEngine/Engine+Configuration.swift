extension Engine {
    /// Engine settings; the defaults suit the shell and `novush serve`.
    public struct Configuration: Sendable {
        /// The largest request body accepted, in bytes; larger bodies get 413.
        public var maximumBodyBytes: Int = 20 * 1024 * 1024
        /// The largest body accepted by `/v1/events/*` (Novu documents 512 KB).
        public var maximumTriggerBodyBytes: Int = 512 * 1024
        /// Rate limits per category; lower them in tests to see 429s.
        public var rateLimits: RateLimits = .unlimited

        /// Creates the default configuration.
        public init() {}
    }

    /// Requests per second per rate-limit category, as Novu's service levels (§1.3).
    public struct RateLimits: Sendable {
        /// Requests per second for `/v1/events/*`.
        public var trigger: Int
        /// Requests per second for subscriber and topic routes.
        public var configuration: Int
        /// Requests per second for everything else.
        public var global: Int
        /// The token bucket's window, in seconds (Novu: 5).
        public var windowSeconds: Double = 5
        /// The `serviceLevel` reported in `RateLimit-Policy`.
        public var serviceLevel: String

        /// Creates limits.
        public init(trigger: Int, configuration: Int, global: Int, serviceLevel: String = "custom") {
            self.trigger = max(1, trigger)
            self.configuration = max(1, configuration)
            self.global = max(1, global)
            self.serviceLevel = serviceLevel
        }

        /// Limits no local client reaches: for the shell's own in-process engine and benchmarks.
        public static let off = RateLimits(
            trigger: 10_000_000, configuration: 10_000_000, global: 10_000_000, serviceLevel: "unlimited")

        /// Novu's self-hosted/enterprise tier: 6000 / 2000 / 3000 per second.
        public static let unlimited = RateLimits(trigger: 6000, configuration: 2000, global: 3000, serviceLevel: "unlimited")
        /// Novu's free tier: 60 / 20 / 30 per second.
        public static let free = RateLimits(trigger: 60, configuration: 20, global: 30, serviceLevel: "free")

        func requestsPerSecond(_ category: RateCategory) -> Int {
            switch category {
            case .trigger: trigger
            case .configuration: configuration
            case .global: global
            }
        }
    }
}

/// The API keys of a newly created organization. They are stored only as hashes, so this is the one
/// chance to read them.
public struct APIKeys: Sendable, Hashable {
    /// The Development environment's secret key.
    public let development: String
    /// The Production environment's secret key.
    public let production: String
}

/// The public facts of one environment.
public struct EnvironmentInfo: Sendable, Hashable {
    /// The environment's `_id`.
    public let id: String
    /// `Development` or `Production`.
    public let name: String
    /// The public application identifier.
    public let applicationIdentifier: String
    /// The organization's `_id`.
    public let organizationId: String
}
