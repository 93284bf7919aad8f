import Foundation
import TOMLKit

/// Finds where novush talks to: profiles from `~/.config/novush/config.toml`, `NOVU_SECRET_KEY` and
/// `NOVU_API_URL` as the official SDKs read them, and the embedded engine as the default.
///
/// ```toml
/// default = "staging"            # optional: the profile used without --profile
///
/// [profiles.prod]
/// region = "eu"                  # or url = "https://novu.example.com"
/// key_env = "NOVU_PROD_KEY"      # the environment variable holding the secret key
/// protected = true               # writes need confirmation
///
/// [profiles.scratch]
/// store = "~/novush/scratch.sqlite"   # a local engine
/// ```
public enum NovuConfiguration {
    /// Novu Cloud US.
    public static let usURL = "https://api.novu.co"
    /// Novu Cloud EU.
    public static let euURL = "https://eu.api.novu.co"

    /// The base URL of a region name (`us`, `eu`), or `nil`.
    public static func baseURL(region: String) -> String? {
        switch region.lowercased() {
        case "us": usURL
        case "eu": euURL
        default: nil
        }
    }

    /// `$XDG_CONFIG_HOME/novush/config.toml`, else `~/.config/novush/config.toml`.
    public static func configPath(environment: [String: String]) -> String {
        if let base = environment["XDG_CONFIG_HOME"], !base.isEmpty { return base + "/novush/config.toml" }
        return home(environment) + "/.config/novush/config.toml"
    }

    /// `$XDG_DATA_HOME/novush/local.sqlite`, else `~/.local/share/novush/local.sqlite`.
    public static func defaultStorePath(environment: [String: String]) -> String {
        if let base = environment["XDG_DATA_HOME"], !base.isEmpty { return base + "/novush/local.sqlite" }
        return home(environment) + "/.local/share/novush/local.sqlite"
    }

    /// Combines the config file, the environment and the command-line overrides.
    ///
    /// Order: `--profile` (or the file's `default`) picks a profile; with none, `NOVU_SECRET_KEY` /
    /// `NOVU_API_URL` pick Novu (US unless `NOVU_API_URL` says otherwise); with neither, the embedded
    /// engine at ``defaultStorePath(environment:)``. Then `--store` switches to a local engine and
    /// `--url` to that server (keeping the profile's key, else `NOVU_SECRET_KEY`), both keeping `protected`.
    ///
    /// - Parameters:
    ///   - profile: `--profile NAME`.
    ///   - url: `--url URL`.
    ///   - store: `--store PATH`.
    ///   - environment: the environment variables (the process's when `nil`).
    ///   - configPath: the config file; ``configPath(environment:)`` when `nil`. A missing file is no error.
    /// - Throws: ``ConfigurationError`` for a file that is not valid TOML or has a bad or unknown key
    ///   (with the line and key), an unknown profile, or a `key_env` variable that is not set.
    public static func resolve(
        profile: String? = nil, url: String? = nil, store: String? = nil,
        environment: [String: String]? = nil, configPath: String? = nil
    ) throws(ConfigurationError) -> ResolvedProfile {
        let environment = environment ?? ProcessInfo.processInfo.environment
        let path = configPath ?? Self.configPath(environment: environment)
        let file = try ConfigFile.load(path: path, environment: environment)
        var resolved: ResolvedProfile
        if let name = profile ?? file?.defaultProfile {
            guard let entry = file?.profiles[name] else {
                let known = file?.profiles.keys.sorted().joined(separator: ", ") ?? ""
                throw ConfigurationError(
                    .unknownProfile,
                    "no profile named \(name) in \(path)" + (known.isEmpty ? "" : " (profiles: \(known))"))
            }
            resolved = try entry.resolve(environment: environment)
        } else if environment["NOVU_SECRET_KEY"] != nil || environment["NOVU_API_URL"] != nil {
            let key = environment["NOVU_SECRET_KEY"]
            resolved = ResolvedProfile(
                name: "env", url: nonEmpty(environment["NOVU_API_URL"]) ?? usURL, apiKey: key,
                keySource: key == nil ? nil : "NOVU_SECRET_KEY")
        } else {
            resolved = ResolvedProfile(name: "local", storePath: defaultStorePath(environment: environment))
        }
        resolved.warnings += file?.warnings ?? []
        if let store {
            resolved.storePath = expandHome(store, environment)
            resolved.url = nil
            resolved.apiKey = nil
            resolved.keySource = nil
        } else if let url {
            if resolved.apiKey == nil, let key = environment["NOVU_SECRET_KEY"] {
                resolved.apiKey = key
                resolved.keySource = "NOVU_SECRET_KEY"
            }
            resolved.url = baseURL(region: url) ?? url
            resolved.storePath = nil
        }
        return resolved
    }

    /// `path` with a leading `~` replaced by the home directory.
    public static func expandPath(_ path: String, environment: [String: String]) -> String {
        expandHome(path, environment)
    }

    static func home(_ environment: [String: String]) -> String {
        nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
    }

    static func expandHome(_ path: String, _ environment: [String: String]) -> String {
        if path == "~" { return home(environment) }
        if path.hasPrefix("~/") { return home(environment) + path.dropFirst() }
        return path
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
