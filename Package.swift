// swift-tools-version: 6.1
import PackageDescription

/// Settings every target shares: a small public surface and explicit existentials.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "novush",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "novush", targets: ["novush"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // MARK: - C layer
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(name: "CShim", dependencies: ["CLua", "CEditLine"]),

        // MARK: - Libraries, bottom up
        .target(name: "JSONCore", swiftSettings: strictSettings),
        .target(name: "LuaKit", dependencies: ["CShim", "CLua", "JSONCore"], swiftSettings: strictSettings),
        .target(name: "NovuKit", dependencies: ["JSONCore"], swiftSettings: strictSettings),
        .target(
            name: "NovuEngine",
            dependencies: ["NovuKit", "JSONCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
        .target(name: "NovuServer", dependencies: ["NovuEngine", "NovuKit"], swiftSettings: strictSettings),
        .target(
            name: "NovuShell",
            dependencies: ["LuaKit", "NovuKit", "NovuEngine", "JSONCore", "CShim", "CEditLine"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "novush",
            dependencies: [
                "NovuShell", "NovuServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "novush-bench",
            dependencies: ["LuaKit", "JSONCore", "CShim", "NovuEngine", "NovuKit"],
            path: "Sources/NovuBench",
            swiftSettings: strictSettings
        ),
        .target(
            name: "NovuTesting",
            dependencies: ["LuaKit", "NovuKit", "NovuEngine", "JSONCore"],
            swiftSettings: strictSettings
        ),

        // MARK: - Tests
        .testTarget(name: "JSONCoreTests", dependencies: ["JSONCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "LuaKitTests",
            dependencies: ["LuaKit", "CShim", "CLua", "JSONCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "NovuShellTests",
            dependencies: ["NovuShell", "LuaKit", "JSONCore", "NovuTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "NovuEngineTests",
            dependencies: ["NovuEngine", "NovuKit", "JSONCore", "NovuTesting"],
            swiftSettings: strictSettings
        ),
    ]
)
