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

    /// `value` with every secret-looking member replaced.
    package static func redact(_ value: JSON, insideCredentials: Bool = false) -> JSON {
        switch value {
        case .object(let members):
            var result: [String: JSON] = [:]
            for (name, member) in members {
                if isSecret(name) || (insideCredentials && name == "webhookUrl") {
                    result[name] = member.isNull ? member : placeholder
                } else {
                    result[name] = redact(member, insideCredentials: insideCredentials || name == "credentials")
                }
            }
            return .object(result)
        case .array(let items):
            return .array(items.map { redact($0, insideCredentials: insideCredentials) })
        default:
            return value
        }
    }

    /// Whether a member called `name` holds a secret (compared without regard to ASCII case).
    static func isSecret(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            if equalsIgnoringCase(bytes[...], deviceTokens) { return false }
            if equalsIgnoringCase(bytes[...], key) { return true }
            return secretWords.contains { word in
                bytes.count >= word.count
                    && (0...(bytes.count - word.count)).contains { start in
                        equalsIgnoringCase(bytes[start..<(start + word.count)], word)
                    }
            }
        }
    }

    /// Whether `bytes` spell `word` (lower-case ASCII), upper-case ASCII letters matching too.
    private static func equalsIgnoringCase(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ word: [UInt8]) -> Bool {
        bytes.count == word.count && zip(bytes, word).allSatisfy { byte, letter in
            (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == letter
        }
    }

    private static let deviceTokens = Array("devicetokens".utf8)
    private static let key = Array("key".utf8)
    private static let secretWords = ["secret", "token", "password", "apikey", "api_key", "authorization"].map { Array($0.utf8) }

    /// Removes `secret` from `text` (an error message that might echo a key).
    static func scrub(_ text: String, secret: String?) -> String {
        guard let secret, secret.count >= 4 else { return text }
        return text.replacingOccurrences(of: secret, with: "[redacted]")
    }
}
