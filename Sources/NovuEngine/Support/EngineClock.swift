public import Foundation

/// Where the engine reads the current time from.
///
/// Every timestamp the engine writes (`createdAt`, `lastOnlineAt`, ids) comes from the clock it was
/// created with, so tests can move time by hand with ``ManualClock`` (delays and digests in part 2).
public protocol EngineClock: Sendable {
    /// The current time.
    var now: Date { get }
}

/// The wall clock.
public struct SystemClock: EngineClock {
    /// Creates the wall clock.
    public init() {}
    /// The current wall-clock time.
    public var now: Date { Date() }
}

/// A clock that only moves when told to, for tests.
///
/// ```swift
/// let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))
/// clock.advance(by: 60)
/// ```
public final class ManualClock: EngineClock {
    private let current: LockedValue<Date>

    /// Creates a clock that reads `start` until it is moved.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) { current = LockedValue(start) }

    /// The time the clock was last set to.
    public var now: Date { current.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }

    /// Sets the clock to `date`.
    public func set(_ date: Date) { current.withLock { $0 = date } }
}
