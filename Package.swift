// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "rollscope",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rollscope", targets: ["rollscope"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-http2", from: "1.46.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // C libraries, used directly.
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd"),
        .target(name: "CCurlShim", dependencies: ["CCurl"], path: "Sources/CCurlShim",
                linkerSettings: [.linkedLibrary("curl")]),

        // A JSON value with an order-keeping object, a fast parser and serializer, merge and JSON patch.
        .target(name: "JSONValue"),

        // The glyph sets (the plugin's, the console's UTF-8 and ASCII), one definition for the CLI's text and the TUI.
        .target(name: "GlyphSet"),

        // Kubernetes object metadata, resource types and API Status errors shared by client, server and model.
        .target(name: "KubeModel"),

        // The Kubernetes client: kubeconfig, auth, libcurl transport, informers.
        .target(name: "Kube", dependencies: [
            "CCurl", "CCurlShim", "JSONValue", "KubeModel",
            .product(name: "Yams", package: "Yams"),
        ]),

        // The domain: Argo Rollouts and Flagger objects, status rules, trees, plugin text output, actions,
        // and the manifest reader (YAML or JSON documents, kubectl Lists) for fixtures and offline mode.
        .target(name: "Delivery", dependencies: ["GlyphSet", "JSONValue", "KubeModel", .product(name: "Yams", package: "Yams")]),

        // The cell grid, widgets, themes, glyphs and the curses backend.
        .target(name: "TerminalUI", dependencies: [
            "CNCurses", "GlyphSet", "KubeModel",
            .product(name: "Yams", package: "Yams"),
        ]),

        // A small program on TerminalUI for its pty tests and benchmark (`tui-sample bench`).
        .executableTarget(name: "tui-sample", dependencies: ["TerminalUI"], path: "Sources/TerminalUISample"),

        // The embedded Kubernetes-compatible API server (SwiftNIO, TLS with its own CA).
        .target(name: "APIServer", dependencies: [
            "JSONValue", "KubeModel",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOHTTP2", package: "swift-nio-http2"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),

        // The simulated Argo Rollouts and Flagger controllers and the demo scenarios.
        .target(name: "DemoCluster", dependencies: ["APIServer", "JSONValue", "KubeModel"]),

        // The console: state, reducer, key table, views, effect runner.
        .target(name: "Console", dependencies: [
            "CZstd", "JSONValue", "Kube", "KubeModel", "Delivery", "TerminalUI", .product(name: "Yams", package: "Yams"),
        ]),

        // What `rollscope bench` runs in process (the client's, the server's and the console's hot paths)
        // and the command line's comparison with kubectl, kept out of the library targets.
        .target(name: "Benchmarks", dependencies: ["APIServer", "Console", "Delivery", "JSONValue", "Kube", "KubeModel", "TerminalUI"]),

        // The executable: argument parsing and wiring only.
        .executableTarget(name: "rollscope", dependencies: [
            "Kube", "KubeModel", "Delivery", "TerminalUI", "APIServer", "DemoCluster", "Console", "JSONValue", "Benchmarks",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        plugins: ["BuildInfo"]),

        // Records the git commit the binary is built from (`rollscope version`).
        .plugin(name: "BuildInfo", capability: .buildTool()),

        // The fuzz driver (libFuzzer entry points; see .ci/fuzz).
        .executableTarget(name: "rollscope-fuzz", dependencies: ["JSONValue", "Kube", "KubeModel", "Delivery", "Console", "TerminalUI", "APIServer"],
                          path: "Sources/Fuzz"),

        .testTarget(name: "JSONValueTests", dependencies: ["JSONValue"]),
        .testTarget(name: "KubeModelTests", dependencies: ["KubeModel"]),
        .testTarget(name: "APIServerTests", dependencies: [
            "APIServer", "JSONValue", "KubeModel",
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .testTarget(name: "KubeTests", dependencies: ["Kube", "KubeModel", "APIServer", "JSONValue", "Benchmarks"]),
        .testTarget(name: "DeliveryTests", dependencies: [
            "Delivery", "KubeModel", "APIServer", "JSONValue", .product(name: "Yams", package: "Yams"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "tui-sample"], exclude: ["__Snapshots__"]),
        .testTarget(name: "DemoClusterTests", dependencies: [
            "DemoCluster", "APIServer", "JSONValue", "KubeModel", "Delivery", "Kube",
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // The real binary in tmux against `rollscope demo --serve`.
        .testTarget(name: "EndToEndTests", dependencies: [
            "rollscope", "APIServer", "DemoCluster", "Kube", "KubeModel", "JSONValue", .product(name: "Yams", package: "Yams"),
        ]),
        .testTarget(name: "ConsoleTests", dependencies: [
            "Console", "Delivery", "TerminalUI", "KubeModel", "Kube", "APIServer", "JSONValue", "DemoCluster",
        ], exclude: ["Snapshots"]),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "APIServer", "JSONValue", "rollscope"]),
    ]
)
