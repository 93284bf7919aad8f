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
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
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
        .target(name: "CStoreTuning", linkerSettings: [.linkedLibrary("sqlite3")]),

        // MARK: - Libraries, bottom up
        .target(name: "JSONCore", swiftSettings: strictSettings),
        .target(name: "LuaKit", dependencies: ["CShim", "CLua", "JSONCore"], swiftSettings: strictSettings),
        .target(
            name: "NovuKit",
            dependencies: [
                "JSONCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "NovuEngine",
            dependencies: [
                "NovuKit", "JSONCore", "CStoreTuning", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "NovuServer",
            dependencies: [
                "NovuEngine", "NovuKit", "CShim",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "NovuShell",
            dependencies: [
                "LuaKit", "NovuKit", "NovuEngine", "JSONCore", "CShim", "CEditLine",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "novush",
            dependencies: [
                "NovuShell", "NovuServer", "NovuKit", "NovuEngine", "JSONCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "novush-bench",
            dependencies: ["LuaKit", "JSONCore", "NovuEngine", "NovuKit", "NovuTesting"],
            path: "Sources/NovuBench",
            swiftSettings: strictSettings
        ),
        .target(
            name: "NovuTesting",
            dependencies: ["LuaKit", "NovuKit", "NovuEngine", "JSONCore", "CShim"],
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
            dependencies: ["NovuShell", "LuaKit", "JSONCore", "NovuKit", "NovuEngine", "NovuTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "NovuKitTests",
            dependencies: [
                "NovuKit", "NovuServer", "NovuEngine", "JSONCore", "NovuTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "NovuEngineTests",
            dependencies: [
                "NovuEngine", "NovuKit", "JSONCore", "NovuTesting", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
