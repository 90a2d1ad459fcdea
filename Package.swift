// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "slipway",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "slipway", targets: ["slipway"]),
        // The job sandbox's last step (limits, user switch, no privileges), installed beside `slipway`.
        .executable(name: "slipway-sandbox-init", targets: ["slipway-sandbox-init"]),
        .executable(name: "slipway-sandbox", targets: ["slipway-sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.4.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        // Password hashes (bcrypt) for web sign-in.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
    ],
    targets: [
        .target(
            name: "SlipwayCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SlipwayStore",
            dependencies: [
                "SlipwayCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SlipwayEngine",
            dependencies: [
                "SlipwayCore",
                "SlipwayStore",
                "SlipwayProcesses",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SlipwayGit",
            dependencies: [
                "SlipwayCore",
                "SlipwayProcesses",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Crypto", package: "swift-crypto"),
                // `ByteBuffer`, the chunk type of streamed smart-HTTP bodies.
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SlipwayHTTP",
            dependencies: [
                "SlipwayCore",
                "SlipwayStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ZadigAPI",
            dependencies: [
                "SlipwayServices",
                "SlipwayCore",
                "SlipwayStore",
                "SlipwayHTTP",
                "SlipwayEngine",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CodingAPI",
            dependencies: [
                "SlipwayServices",
                "SlipwayCore",
                "SlipwayStore",
                "SlipwayHTTP",
                "SlipwayGit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SlipwayTriggers",
            dependencies: [
                "SlipwayCore",
                "SlipwayStore",
                "SlipwayEngine",
                "SlipwayGit",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SlipwayServices",
            dependencies: [
                "SlipwayCore",
                "SlipwayStore",
                "SlipwayEngine",
                "SlipwayGit",
                "SlipwayTriggers",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                // Graceful shutdown ends open task event streams.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ServerlessDevsAPI",
            dependencies: [
                "SlipwayServices",
                "SlipwayCore",
                "SlipwayStore",
                "SlipwayHTTP",
                "SlipwayEngine",
                "SlipwayGit",
                "SlipwayTriggers",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SlipwayWeb",
            dependencies: [
                "SlipwayServices",
                "SlipwayCore",
                "SlipwayStore",
                "SlipwayHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SlipwayServer",
            dependencies: [
                "SlipwayServices",
                "SlipwayWeb",
                "SlipwayCore",
                "CodingAPI",
                "ServerlessDevsAPI",
                "SlipwayGit",
                "SlipwayEngine",
                "SlipwayStore",
                "SlipwayHTTP",
                "ZadigAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "slipway",
            dependencies: [
                "SlipwayServer",
                "SlipwayServices",
                "SlipwayStore",
                "SlipwayCore",
                "SlipwayTriggers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // `slipway run --follow`: the server's HTTP API and event streams.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The sandbox's last step (limits, the drop to the job user, the command), in C: run as
        // the program slipway-sandbox-init under bubblewrap, and in-process by slipway-sandbox.
        .target(name: "SlipwaySandboxInit", cSettings: [.unsafeFlags(["-O2"])]),
        .target(name: "SlipwayPipes"),
        // Children's pipes read and written by the server itself (`ChildPipe` says why).
        .target(
            name: "SlipwayProcesses",
            dependencies: ["SlipwayPipes", .product(name: "Subprocess", package: "swift-subprocess")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "slipway-sandbox-init",
            dependencies: ["SlipwaySandboxInit"],
            cSettings: [.unsafeFlags(["-O2"])],
            // Static: it runs once per job process, so no dynamic loading and no Swift runtime.
            linkerSettings: [.unsafeFlags(["-static-executable"])]
        ),
        .executableTarget(
            name: "slipway-sandbox",
            dependencies: ["SlipwaySandboxInit"],
            cSettings: [.unsafeFlags(["-O2"])],
            // Static, as the init: it starts every job sandbox when the server runs as root.
            linkerSettings: [.unsafeFlags(["-static-executable"])]
        ),
        .executableTarget(
            name: "slipway-bench",
            dependencies: [
                "SlipwayEngine",
                "SlipwayServices",
                "SlipwayHTTP",
                "SlipwayGit",
                "SlipwayServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                "SlipwayStore",
                "SlipwayCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Benchmarks/SlipwayBench",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SlipwayTestSupport",
            dependencies: [
                "SlipwayStore",
                "SlipwayEngine",
                "SlipwayCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/SlipwayTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SlipwayTests",
            dependencies: [
                "SlipwayServices",
                "SlipwayTestSupport",
                "SlipwayServer",
                "SlipwayGit",
                "SlipwayEngine",
                "SlipwayProcesses",
                "SlipwayStore",
                "SlipwayCore",
                "ZadigAPI",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // Children whose pipes the tests read with `ChildPipe`.
                .product(name: "Subprocess", package: "swift-subprocess"),
                // Reading event streams over a real socket, as clients do.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SlipwayGitTests",
            dependencies: [
                "SlipwayServices",
                "SlipwayGit",
                "SlipwayCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CodingAPITests",
            dependencies: [
                "SlipwayServices",
                "SlipwayEngine",
                "SlipwayTestSupport",
                "CodingAPI",
                "SlipwayGit",
                "SlipwayHTTP",
                "SlipwayStore",
                "SlipwayCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SlipwayTriggersTests",
            dependencies: [
                "SlipwayServices",
                "SlipwayServer",
                "SlipwayTestSupport",
                "SlipwayTriggers",
                "ServerlessDevsAPI",
                "CodingAPI",
                "SlipwayEngine",
                "SlipwayGit",
                "SlipwayHTTP",
                "SlipwayStore",
                "SlipwayCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
