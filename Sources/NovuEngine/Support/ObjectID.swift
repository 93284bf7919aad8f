import Foundation

/// Mints 24-hex MongoDB-ObjectId-shaped ids: 4 bytes of seconds, 5 random bytes, a 3-byte counter.
///
/// Ids made by one generator sort by creation time (same second: by counter), which the cursor
/// pagination of the v2 routes relies on.
final class ObjectIDGenerator: Sendable {
    private let random: [UInt8]
    private let counter: LockedValue<UInt32>

    init() {
        var generator = SystemRandomNumberGenerator()
        random = (0..<5).map { _ in UInt8.random(in: 0...255, using: &generator) }
        counter = LockedValue(UInt32.random(in: 0..<0x7f_ffff, using: &generator))
    }

    /// A new id for a record created at `date`.
    func make(at date: Date) -> String {
        id(at: date, counter: reserve(1))
    }

    /// `count` new ids for records created at `date`, in creation order (one lock for all of them).
    func make(count: Int, at date: Date) -> [String] {
        guard count > 0 else { return [] }
        let first = reserve(count)
        return (0..<count).map { id(at: date, counter: first &+ UInt32(truncatingIfNeeded: $0)) }
    }

    /// Takes `count` counter values; returns the first.
    private func reserve(_ count: Int) -> UInt32 {
        counter.withLock { value -> UInt32 in
            let first = (value &+ 1) & 0xff_ffff
            value = (value &+ UInt32(truncatingIfNeeded: count)) & 0xff_ffff
            return first
        }
    }

    private func id(at date: Date, counter: UInt32) -> String {
        let seconds = UInt32(clamping: Int64(date.timeIntervalSince1970.rounded(.down)))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(12)
        for shift in [24, 16, 8, 0] { bytes.append(UInt8(truncatingIfNeeded: seconds >> UInt32(shift))) }
        bytes.append(contentsOf: random)
        for shift in [16, 8, 0] { bytes.append(UInt8(truncatingIfNeeded: (counter & 0xff_ffff) >> UInt32(shift))) }
        return Hex.encode(bytes)
    }

    /// True when `text` is 24 hex digits.
    static func isValid(_ text: String) -> Bool {
        text.utf8.count == 24 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) }
    }
}
