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

    /// Whether a member called `name` holds a secret.
    static func isSecret(_ name: String) -> Bool {
        let lowered = Array(name.lowercased().utf8)
        if lowered.elementsEqual("devicetokens".utf8) { return false }
        if lowered.elementsEqual("key".utf8) { return true }
        return secretWords.contains { word in
            lowered.count >= word.count
                && (0...(lowered.count - word.count)).contains { start in lowered[start..<(start + word.count)].elementsEqual(word) }
        }
    }

    private static let secretWords = ["secret", "token", "password", "apikey", "api_key", "authorization"].map { Array($0.utf8) }

    /// Removes `secret` from `text` (an error message that might echo a key).
    static func scrub(_ text: String, secret: String?) -> String {
        guard let secret, secret.count >= 4 else { return text }
        return text.replacingOccurrences(of: secret, with: "[redacted]")
    }
}
