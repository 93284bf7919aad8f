import Foundation
import NovuKit
import NovuTesting
import Testing

struct NovuConfigurationTests {
    private let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory("config") }

    /// A new config file holding `text` (mode `mode`) in this test's scratch directory.
    private func config(_ text: String, mode: Int = 0o600) throws -> String {
        let path = scratch.path("config-\(UUID().uuidString).toml")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    private let missing = "/nonexistent/novush/config.toml"

    @Test func nothingConfiguredIsTheEmbeddedEngine() throws {
        let resolved = try NovuConfiguration.resolve(environment: ["HOME": "/home/ada"], configPath: missing)
        #expect(resolved.name == "local")
        #expect(resolved.storePath == "/home/ada/.local/share/novush/local.sqlite")
        #expect(resolved.isLocal)
        #expect(resolved.url == nil)
    }

    @Test func theSecretKeyAloneMeansNovuCloudUS() throws {
        let resolved = try NovuConfiguration.resolve(environment: ["NOVU_SECRET_KEY": "sk1"], configPath: missing)
        #expect(resolved.url == "https://api.novu.co")
        #expect(resolved.apiKey == "sk1")
        #expect(resolved.keySource == "NOVU_SECRET_KEY")
    }

    @Test func theApiURLVariableWins() throws {
        let resolved = try NovuConfiguration.resolve(
            environment: ["NOVU_SECRET_KEY": "sk1", "NOVU_API_URL": "http://127.0.0.1:3000"], configPath: missing)
        #expect(resolved.url == "http://127.0.0.1:3000")
    }

    @Test(arguments: [("us", "https://api.novu.co"), ("eu", "https://eu.api.novu.co"), ("EU", "https://eu.api.novu.co")])
    func regionsNameTheirCloud(region: String, url: String) throws {
        #expect(NovuConfiguration.baseURL(region: region) == url)
        let path = try config("[profiles.p]\nregion = \"\(region)\"\n")
        #expect(try NovuConfiguration.resolve(profile: "p", environment: [:], configPath: path).url == url)
    }

    @Test func aProfileReadsItsKeyFromTheNamedVariableAndIsProtected() throws {
        let path = try config(
            """
            default = "prod"

            [profiles.prod]
            url = "https://novu.example.com"
            key_env = "PROD_KEY"
            protected = true

            [profiles.scratch]
            store = "~/scratch.sqlite"
            """)
        let prod = try NovuConfiguration.resolve(environment: ["PROD_KEY": "sk_prod", "NOVU_SECRET_KEY": "other"], configPath: path)
        #expect(prod.name == "prod")
        #expect(prod.url == "https://novu.example.com")
        #expect(prod.apiKey == "sk_prod")
        #expect(prod.keySource == "key_env PROD_KEY")
        #expect(prod.isProtected)
        let scratch = try NovuConfiguration.resolve(profile: "scratch", environment: ["HOME": "/home/ada"], configPath: path)
        #expect(scratch.storePath == "/home/ada/scratch.sqlite")
        #expect(scratch.url == nil)
        #expect(!scratch.isProtected)
    }

    @Test func aMissingKeyVariableNamesTheLineAndKey() throws {
        let path = try config("[profiles.prod]\nregion = \"eu\"\nkey_env = \"PROD_KEY\"\n")
        let error = #expect(throws: ConfigurationError.self) {
            try NovuConfiguration.resolve(profile: "prod", environment: [:], configPath: path)
        }
        #expect(error?.code == .missingKey)
        #expect(error?.line == 3)
        #expect(error?.key == "profiles.prod.key_env")
    }

    @Test func overridesWinForOneRun() throws {
        let path = try config("[profiles.prod]\nregion = \"eu\"\nkey_env = \"PROD_KEY\"\nprotected = true\n")
        let env = ["PROD_KEY": "sk_prod", "HOME": "/h"]
        let url = try NovuConfiguration.resolve(profile: "prod", url: "http://127.0.0.1:4000", environment: env, configPath: path)
        #expect(url.url == "http://127.0.0.1:4000")
        #expect(url.apiKey == "sk_prod")
        #expect(url.isProtected)
        let store = try NovuConfiguration.resolve(profile: "prod", store: "~/x.sqlite", environment: env, configPath: path)
        #expect(store.storePath == "/h/x.sqlite")
        #expect(store.url == nil)
        #expect(store.apiKey == nil)
        #expect(try NovuConfiguration.resolve(url: "eu", environment: [:], configPath: missing).url == "https://eu.api.novu.co")
    }

    @Test(arguments: [
        ("[profiles.p]\nregion = \"mars\"\n", 2, "profiles.p.region"),
        ("[profiles.p]\nurl = \"https://a\"\nprotected = \"yes\"\n", 3, "profiles.p.protected"),
        ("[profiles.p]\nurl = \"https://a\"\ncolour = \"red\"\n", 3, "profiles.p.colour"),
        ("theme = 1\n", 1, "theme"),
    ])
    func aBadFileNamesTheLineAndKey(text: String, line: Int, key: String) throws {
        let path = try config(text)
        let error = #expect(throws: ConfigurationError.self) {
            try NovuConfiguration.resolve(profile: "p", environment: [:], configPath: path)
        }
        #expect(error?.line == line)
        #expect(error?.key == key)
        #expect(error?.description.contains("\(path):\(line): \(key): ") == true)
    }

    @Test func invalidTOMLNamesTheLine() throws {
        let path = try config("[profiles.p]\nurl = \"https://a\"\nregion = = \n")
        let error = #expect(throws: ConfigurationError.self) {
            try NovuConfiguration.resolve(profile: "p", environment: [:], configPath: path)
        }
        #expect(error?.code == .syntax)
        #expect(error?.line == 3)
    }

    @Test func aKeyInAFileOthersCanReadIsWarnedAbout() throws {
        let text = "[profiles.p]\nurl = \"https://a.example\"\napi_key = \"sk_in_file\"\n"
        let open = try NovuConfiguration.resolve(profile: "p", environment: [:], configPath: try config(text, mode: 0o644))
        #expect(open.apiKey == "sk_in_file")
        #expect(open.warnings.count == 1)
        #expect(open.warnings.first?.contains("sk_in_file") == false)
        let closed = try NovuConfiguration.resolve(profile: "p", environment: [:], configPath: try config(text, mode: 0o600))
        #expect(closed.warnings.isEmpty)
    }

    @Test func anUnknownProfileListsTheKnownOnes() throws {
        let path = try config("[profiles.prod]\nregion = \"eu\"\n[profiles.dev]\nregion = \"us\"\n")
        let error = #expect(throws: ConfigurationError.self) {
            try NovuConfiguration.resolve(profile: "staging", environment: [:], configPath: path)
        }
        #expect(error?.code == .unknownProfile)
        #expect(error?.message.contains("dev, prod") == true)
    }
}
