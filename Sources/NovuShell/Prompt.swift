/// The REPL's prompts: `novu[<profile> <place>]> `, red for a protected profile on a terminal.
package enum Prompt {
    /// `prod eu`, `staging example.com`, or just `local` when the name says it all.
    static func label(profile: String, place: String) -> String {
        profile == place ? profile : "\(profile) \(place)"
    }

    /// The primary prompt. Colour escapes are wrapped in `\u{1}` markers so the line editor knows
    /// they take no columns.
    package static func primary(profile: String, place: String, isProtected: Bool, colors: Bool) -> String {
        let text = "novu[\(label(profile: profile, place: place))]>"
        guard isProtected && colors else { return text + " " }
        return "\u{1}\u{1B}[1;31m\u{1}" + text + "\u{1}\u{1B}[0m\u{1} "
    }

    /// The question asked before a write on a protected profile.
    static func confirmation(profile: String) -> String {
        "send this write to protected profile '\(profile)'? [y/N] "
    }

    /// Whether an answer to ``confirmation(profile:)`` means yes.
    static func isYes(_ answer: String) -> Bool {
        let word = answer.trimmingCharacters(in: .whitespaces).lowercased()
        return word == "y" || word == "yes"
    }
}

import Foundation
