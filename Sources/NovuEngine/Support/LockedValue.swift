import Foundation

/// A value guarded by a lock, for the engine's small in-memory tables (idempotency, rate limits, auth cache).
///
/// `Mutex` from Synchronization needs macOS 15; the package still targets macOS 14, so this wraps `NSLock`.
// @unchecked Sendable: every access to `value` goes through `lock`, so no two threads touch it at once.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
