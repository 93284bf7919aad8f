import Foundation
import TOMLKit

/// The parsed and checked `config.toml`.
struct ConfigFile {
    struct Profile {
        var name: String
        var url: String?
        var keyEnv: String?
        var apiKey: String?
        var store: String?
        var isProtected = false
        var path: String
        var lines: [String]

        func resolve(environment: [String: String]) throws(ConfigurationError) -> ResolvedProfile {
            var resolved = ResolvedProfile(name: name, isProtected: isProtected)
            if let store {
                resolved.storePath = NovuConfiguration.expandHome(store, environment)
                return resolved
            }
            resolved.url = url ?? NovuConfiguration.nonEmpty(environment["NOVU_API_URL"]) ?? NovuConfiguration.usURL
            if let keyEnv {
                guard let key = environment[keyEnv], !key.isEmpty else {
                    throw ConfigurationError(
                        .missingKey, "the environment variable \(keyEnv) (named by key_env) is not set", file: path,
                        line: ConfigFile.line(of: "key_env", inProfile: name, lines: lines),
                        key: "profiles.\(name).key_env")
                }
                resolved.apiKey = key
                resolved.keySource = "key_env \(keyEnv)"
            } else if let apiKey {
                resolved.apiKey = apiKey
                resolved.keySource = "api_key in \(path)"
            } else if let key = environment["NOVU_SECRET_KEY"] {
                resolved.apiKey = key
                resolved.keySource = "NOVU_SECRET_KEY"
            }
            return resolved
        }
    }

    var profiles: [String: Profile] = [:]
    var defaultProfile: String?
    var warnings: [String] = []

    /// Reads and checks the file; `nil` when it does not exist.
    static func load(path: String, environment: [String: String]) throws(ConfigurationError) -> ConfigFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(.unreadable, "cannot read the file", file: path)
        }
        let text = String(decoding: data, as: UTF8.self)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(.syntax, error.description, file: path, line: error.source.begin.line)
        } catch {
            throw ConfigurationError(.syntax, "\(error)", file: path)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var file = ConfigFile()
        for (key, value) in table {
            switch key {
            case "default":
                guard let name = value.string else { throw typeError("default", "a profile name string", path, lines) }
                file.defaultProfile = name
            case "profiles":
                guard let profiles = value.table else { throw typeError("profiles", "a table", path, lines) }
                for (name, body) in profiles {
                    guard let body = body.table else {
                        throw typeError("profiles.\(name)", "a table ([profiles.\(name)])", path, lines)
                    }
                    file.profiles[name] = try profile(name, body, path: path, lines: lines)
                }
            default:
                throw ConfigurationError(
                    .unknownKey, "unknown key (expected default or [profiles.NAME])", file: path,
                    line: line(ofTopLevel: key, lines: lines), key: key)
            }
        }
        if file.profiles.values.contains(where: { $0.apiKey != nil }), isReadableByOthers(path) {
            file.warnings.append(
                "\(path) holds an API key and can be read by other users; use key_env, or chmod 600 it")
        }
        return file
    }

    private static func profile(_ name: String, _ body: TOMLTable, path: String, lines: [String])
        throws(ConfigurationError) -> Profile
    {
        var profile = Profile(name: name, path: path, lines: lines)
        func fail(_ key: String, _ message: String, _ code: ConfigurationError.Code = .invalidValue) -> ConfigurationError {
            ConfigurationError(
                code, message, file: path, line: line(of: key, inProfile: name, lines: lines), key: "profiles.\(name).\(key)")
        }
        for (key, value) in body {
            switch key {
            case "url":
                guard let url = value.string, let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""),
                    parsed.host != nil
                else { throw fail(key, "must be an http(s) URL string") }
                profile.url = url
            case "region":
                guard let region = value.string, let url = NovuConfiguration.baseURL(region: region) else {
                    throw fail(key, "must be \"us\" or \"eu\"")
                }
                profile.url = url
            case "key_env":
                guard let name = value.string, !name.isEmpty else { throw fail(key, "must name an environment variable") }
                profile.keyEnv = name
            case "api_key":
                guard let secret = value.string, !secret.isEmpty else { throw fail(key, "must be a string") }
                profile.apiKey = secret
            case "store":
                guard let store = value.string, !store.isEmpty else { throw fail(key, "must be a file path string") }
                profile.store = store
            case "protected":
                guard let flag = value.bool else { throw fail(key, "must be true or false") }
                profile.isProtected = flag
            default:
                throw fail(key, "unknown key (expected url, region, key_env, api_key, store or protected)", .unknownKey)
            }
        }
        if body.contains(key: "url"), body.contains(key: "region") {
            throw fail("region", "give url or region, not both")
        }
        if profile.store != nil, profile.url != nil {
            throw fail("store", "a profile has either store (a local engine) or url/region (a server)")
        }
        return profile
    }

    private static func typeError(_ key: String, _ expected: String, _ path: String, _ lines: [String])
        -> ConfigurationError
    {
        ConfigurationError(
            .invalidValue, "must be \(expected)", file: path,
            line: line(ofTopLevel: key.split(separator: ".").first.map(String.init) ?? key, lines: lines), key: key)
    }

    /// The 1-based line where `key` is set inside `[profiles.<profile>]` (or a dotted/inline form).
    static func line(of key: String, inProfile profile: String, lines: [String]) -> Int? {
        var inSection = false
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let header = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                inSection = header == "profiles.\(profile)" || header == "profiles.\"\(profile)\""
                continue
            }
            if inSection, Self.assigns(line, key) { return index + 1 }
            if line.hasPrefix("profiles.\(profile).\(key)") { return index + 1 }
        }
        return lines.firstIndex { $0.contains("profiles.\(profile)") }.map { $0 + 1 }
    }

    static func line(ofTopLevel key: String, lines: [String]) -> Int? {
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") { return nil }
            if Self.assigns(line, key) { return index + 1 }
        }
        return nil
    }

    private static func assigns(_ line: String, _ key: String) -> Bool {
        guard line.hasPrefix(key) || line.hasPrefix("\"\(key)\"") else { return false }
        let rest = line.dropFirst(line.hasPrefix("\"") ? key.count + 2 : key.count)
        return rest.trimmingCharacters(in: .whitespaces).hasPrefix("=")
    }

    private static func isReadableByOthers(_ path: String) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let permissions = attributes[.posixPermissions] as? NSNumber
        else { return false }
        return permissions.intValue & 0o044 != 0
    }
}
