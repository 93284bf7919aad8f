/// Where one run of novush sends its requests, after the config file, the environment and the
/// command-line overrides have been combined by ``NovuConfiguration/resolve(profile:url:store:environment:configPath:)``.
public struct ResolvedProfile: Sendable, Hashable {
    /// The profile's name: a name from the config file, `env` (from `NOVU_SECRET_KEY`/`NOVU_API_URL`)
    /// or `local` (the embedded engine).
    public var name: String
    /// The server's base URL, or `nil` for a local engine.
    public var url: String?
    /// The secret key for ``url`` (never printed), or `nil`.
    public var apiKey: String?
    /// Where the key came from, for messages (`NOVU_SECRET_KEY`, `key_env PROD_KEY`): never the key.
    public var keySource: String?
    /// The SQLite store of a local engine, or `nil` for a remote server.
    public var storePath: String?
    /// Whether writes need confirmation (production).
    public var isProtected: Bool
    /// Things the user should know (a key in a readable config file).
    public var warnings: [String]

    /// Creates a resolved profile.
    public init(
        name: String, url: String? = nil, apiKey: String? = nil, keySource: String? = nil, storePath: String? = nil,
        isProtected: Bool = false, warnings: [String] = []
    ) {
        self.name = name
        self.url = url
        self.apiKey = apiKey
        self.keySource = keySource
        self.storePath = storePath
        self.isProtected = isProtected
        self.warnings = warnings
    }

    /// Whether requests go to an engine in this process.
    public var isLocal: Bool { storePath != nil }
}

/// A problem in the config file or with the chosen profile.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable, Hashable {
            case syntax, invalidValue, unknownKey, unknownProfile, missingKey, unreadable
        }

        private let kind: Kind
        /// The file is not valid TOML.
        public static let syntax = Code(kind: .syntax)
        /// A key has the wrong type or a value out of range.
        public static let invalidValue = Code(kind: .invalidValue)
        /// A key novush does not know.
        public static let unknownKey = Code(kind: .unknownKey)
        /// `--profile` names no profile of the file.
        public static let unknownProfile = Code(kind: .unknownProfile)
        /// `key_env` names an environment variable that is not set.
        public static let missingKey = Code(kind: .missingKey)
        /// The file exists but cannot be read.
        public static let unreadable = Code(kind: .unreadable)

        public var description: String { kind.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// What is wrong.
    public var message: String
    /// The config file, when the problem is in it.
    public var file: String?
    /// The 1-based line, when known.
    public var line: Int?
    /// The key (`profiles.prod.region`), when the problem is one key.
    public var key: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil, key: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.key = key
    }

    /// `config.toml:7: profiles.prod.region: must be "us" or "eu"`.
    public var description: String {
        var location = ""
        if let file { location = file + (line.map { ":\($0)" } ?? "") + ": " }
        if let key { location += key + ": " }
        return location + message
    }
}
