// swift-tools-version:6.1
import PackageDescription

/// Targets follow the layers of ARCHITECTURE.md; `scripts/check-layers` enforces the direction.
let package = Package(
    name: "Tradehub",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tradehub", targets: ["tradehub"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // Layer 0
        .target(name: "TradehubModel"),
        .target(name: "ErrorDNA"),
        .systemLibrary(name: "CZlib"),
        // Layer 1
        .target(name: "Indicators", dependencies: ["ErrorDNA"]),
        .target(name: "MarketData", dependencies: ["TradehubModel", "ErrorDNA", "CZlib"]),
        .target(name: "Storage", dependencies: [
            "TradehubModel", "ErrorDNA", "MarketData",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .systemLibrary(name: "CXGBoost"),
        // Layer 2
        .target(name: "Learning", dependencies: ["TradehubModel", "ErrorDNA", "Features", "CXGBoost"]),
        .target(name: "Features", dependencies: [
            "TradehubModel", "ErrorDNA", "Indicators", "MarketData",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Layer 3
        .target(name: "Strategy", dependencies: ["TradehubModel", "ErrorDNA", "Indicators", "Features", "Learning"]),
        // Layer 4
        .target(name: "Backtest", dependencies: ["TradehubModel", "ErrorDNA", "Indicators", "MarketData", "Strategy"]),
        .target(name: "Live", dependencies: ["TradehubModel", "ErrorDNA", "Indicators", "MarketData", "Strategy"]),
        .target(name: "Bridge", dependencies: [
            "TradehubModel", "ErrorDNA", "MarketData", "Storage",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Layer 5
        .target(name: "Hub", dependencies: [
            "ErrorDNA",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        .target(name: "Gateway", dependencies: [
            "TradehubModel", "ErrorDNA", "MarketData", "Storage", "Bridge", "Hub",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // Layer 6
        .target(name: "TradehubCLI", dependencies: [
            "TradehubModel", "ErrorDNA", "Storage", "Indicators", "MarketData", "Features", "Learning", "Strategy",
            "Backtest", "Live", "Bridge", "Hub", "Gateway",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .executableTarget(name: "tradehub", dependencies: ["TradehubCLI"]),

        .testTarget(name: "TradehubModelTests", dependencies: ["TradehubModel"]),
        .testTarget(name: "ErrorDNATests", dependencies: ["ErrorDNA"]),
        .testTarget(name: "IndicatorsTests", dependencies: ["Indicators", "ErrorDNA"]),
        .testTarget(name: "MarketDataTests", dependencies: ["MarketData", "ErrorDNA", "TradehubModel", "CZlib"]),
        .testTarget(name: "StorageTests", dependencies: [
            "Storage", "ErrorDNA", "MarketData", "TradehubModel", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "Features", "TradehubModel", "ErrorDNA"]),
        .testTarget(name: "FeaturesTests", dependencies: ["Features", "TradehubModel", "ErrorDNA", "Indicators", "MarketData"]),
        .testTarget(name: "StrategyTests", dependencies: [
            "Strategy", "TradehubModel", "ErrorDNA", "Indicators", "Features", "Learning",
        ]),
        .testTarget(name: "BacktestTests", dependencies: [
            "Backtest", "Strategy", "TradehubModel", "ErrorDNA", "Indicators", "MarketData", "Features", "Learning",
        ]),
        .testTarget(name: "LiveTests", dependencies: ["Live", "Strategy", "Indicators", "MarketData", "TradehubModel"]),
        .testTarget(name: "BridgeTests", dependencies: [
            "Bridge", "Storage", "MarketData", "TradehubModel", "ErrorDNA",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "HubTests", dependencies: [
            "Hub", "ErrorDNA",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
        ]),
        .testTarget(name: "GatewayTests", dependencies: [
            "Gateway", "Hub", "Storage", "ErrorDNA", "TradehubModel",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .testTarget(name: "TradehubCLITests", dependencies: ["TradehubCLI", "ErrorDNA", "Storage", "Hub"]),
    ],
    swiftLanguageModes: [.v6]
)
