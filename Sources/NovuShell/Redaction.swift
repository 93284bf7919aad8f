package import JSONCore
import Foundation

/// Blanks secrets out of request bodies and records before they are printed or journaled.
///
/// A member is replaced by `"[redacted]"` when its name looks like a secret (it contains `secret`,
/// `token`, `password`, `apikey`, `api_key` or `authorization`, or is `key`), and any `webhookUrl`
/// inside a `credentials` object (a chat webhook URL carries its own token). `deviceTokens` are
/// kept: they are not account secrets, and undoing a credentials change needs them.
package enum Redaction {
    static let placeholder: JSON = "[redacted]"

    /// `value` with every secret-looking member replaced. Objects and arrays without a secret are
    /// returned as they are, without being copied.
    package static func redact(_ value: JSON, insideCredentials: Bool = false) -> JSON {
        redacted(value, insideCredentials: insideCredentials) ?? value
    }

    /// `value` with its secrets replaced, or `nil` when it holds none.
    private static func redacted(_ value: JSON, insideCredentials: Bool) -> JSON? {
        switch value {
        case .object(let members):
            var result: [String: JSON]?
            for (name, member) in members {
                if isSecret(name) || (insideCredentials && name == "webhookUrl") {
                    if member.isNull || member == placeholder { continue }
                    result = result ?? members
                    result?[name] = placeholder
                } else if let inner = redacted(member, insideCredentials: insideCredentials || name == "credentials") {
                    result = result ?? members
                    result?[name] = inner
                }
            }
            return result.map(JSON.object)
        case .array(let items):
            var result: [JSON]?
            for (index, item) in items.enumerated() {
                guard let inner = redacted(item, insideCredentials: insideCredentials) else { continue }
                result = result ?? items
                result?[index] = inner
            }
            return result.map(JSON.array)
        default:
            return nil
        }
    }

    /// Whether JSON text may hold something ``redact(_:insideCredentials:)`` would blank: one of the
    /// secret words, `webhookUrl` or a member called `key`, anywhere in it, in any ASCII case, or a
    /// `\u` escape that could spell one. Text for which this answers `false` needs no redaction.
    package static func mayHoldSecret(_ text: ArraySlice<UInt8>) -> Bool {
        let words = textWords
        return text.withUnsafeBufferPointer { bytes in
            guard bytes.count >= 2 else { return false }
            return textWordsByFirstByte.withUnsafeBufferPointer { first in
                textWordsBySecondByte.withUnsafeBufferPointer { second in
                    for start in 0..<(bytes.count - 1) {
                        // Most positions start no word's first two letters: two table lookups each.
                        var mask = first[Int(bytes[start])] & second[Int(bytes[start + 1])]
                        while mask != 0 {
                            let word = words[mask.trailingZeroBitCount]
                            mask &= mask - 1
                            if matches(bytes, word, at: start, whole: false) { return true }
                        }
                    }
                    return false
                }
            }
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// What ``mayHoldSecret(_:)`` looks for: the secret words, `webhookurl`, `"key"`, and a `\u`
    /// escape (a name spelt `"\u0074oken"` is a token once decoded).
    private static let textWords = secretWords + [Array("webhookurl".utf8), Array(#""key""#.utf8), Array(#"\u"#.utf8)]
    /// Indexed by byte: a bit for each of ``textWords`` whose first letter it is, in either case.
    private static let textWordsByFirstByte = wordsByByte(at: 0)
    /// Indexed by byte: a bit for each of ``textWords`` whose second letter it is, in either case.
    private static let textWordsBySecondByte = wordsByByte(at: 1)

    private static func wordsByByte(at offset: Int) -> [UInt16] {
        (0..<256).map { byte in
            textWords.indices.reduce(0) { mask, index in
                lowercased(UInt8(byte)) == textWords[index][offset] ? mask | (1 << index) : mask
            }
        }
    }

    /// Whether a member called `name` holds a secret (compared without regard to ASCII case).
    static func isSecret(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            if matches(bytes, deviceTokens, at: 0, whole: true) { return false }
            if matches(bytes, key, at: 0, whole: true) { return true }
            for start in bytes.indices {
                // Every secret word starts with a, p, s or t: most positions stop at this test.
                guard secretInitials[Int(bytes[start] | 0x20)] else { continue }
                if secretWords.contains(where: { matches(bytes, $0, at: start, whole: false) }) { return true }
            }
            return false
        }
    }

    /// Whether `word` (lower-case ASCII) is in `bytes` at `start` (the whole of `bytes` when `whole`),
    /// upper-case ASCII letters matching too.
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ word: [UInt8], at start: Int, whole: Bool) -> Bool {
        guard whole ? bytes.count == word.count : bytes.count - start >= word.count else { return false }
        for (offset, letter) in word.enumerated() {
            if lowercased(bytes[start + offset]) != letter { return false }
        }
        return true
    }

    private static let deviceTokens = Array("devicetokens".utf8)
    private static let key = Array("key".utf8)
    private static let secretWords = ["secret", "token", "password", "apikey", "api_key", "authorization"].map { Array($0.utf8) }
    /// Indexed by byte: whether a secret word starts with it.
    private static let secretInitials = (0..<256).map { byte in secretWords.contains { Int($0[0]) == byte } }

    /// Removes `secret` from `text` (an error message that might echo a key).
    static func scrub(_ text: String, secret: String?) -> String {
        guard let secret, secret.count >= 4 else { return text }
        return text.replacingOccurrences(of: secret, with: "[redacted]")
    }
}

