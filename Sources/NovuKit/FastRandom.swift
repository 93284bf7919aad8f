import Synchronization

/// Random numbers for ids that must not repeat but are no secret (idempotency keys, journal entry ids,
/// request ids): SplitMix64 over one process-wide counter, seeded once by the system generator.
///
/// Every draw of `SystemRandomNumberGenerator` is a system call; a batch makes two or three ids per
/// request, and those calls cost more than the rest of making the ids.
public enum FastRandom {
    private static let state = Atomic<UInt64>(seed())

    /// The next 64 random bits; safe to call from any thread.
    public static func next() -> UInt64 {
        var z = state.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func seed() -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }
}
