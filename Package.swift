// swift-tools-version:6.0
// FrontDesk: a terminal dashboard for Open Dental front desks, plus an embedded sandbox of the
// Open Dental REST API. Layers import one way, top to bottom (see README "Layout").
import PackageDescription

let package = Package(
    name: "FrontDesk",
    // Built and tested on Linux; on macOS, Synchronization's Mutex (FrontDeskApp) needs 15.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "frontdesk", targets: ["frontdesk"]),
        .executable(name: "frontdesk-bench", targets: ["frontdesk-bench"]),
        .library(name: "OpenDentalAPI", targets: ["OpenDentalAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The Open Dental REST client: models, tolerant decoding, endpoints, paging, throttle, retries.
        .target(
            name: "OpenDentalAPI",
            dependencies: ["CCurl", .product(name: "Logging", package: "swift-log")]
        ),
        // The system's libcurl, driven directly: a request waits in poll() on its own thread
        // (URLSession on Linux spun a core's fifth while an answer was on its way).
        // Loaded at run time: no libcurl development package is needed to build (see ccurl.h).
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // The pages the start alone used, given back to the system when it is over (C: <link.h>).
        .target(name: "CLoaded"),
        // The embedded Open Dental sandbox: HTTP server (FlyingFox), SQLite (GRDB), generated practice.
        // It encodes JSON with its own code and never imports the client, so a naming bug in one
        // cannot cancel itself out in the other.
        .target(
            name: "OpenDentalSandbox",
            dependencies: [
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // FrontDeskStore: the local cache of one office (GRDB over SQLite): directory, reference data,
        // days and lists, sync marks.
        .target(name: "FrontDeskStore", dependencies: ["OpenDentalAPI", .product(name: "GRDB", package: "GRDB.swift")]),
        // Cell grid, display widths, safe text, widgets and the theme model. Foundation only.
        .target(name: "TerminalUI"),
        // App state, messages, effects, pure update and render, key tables.
        .target(name: "FrontDeskCore", dependencies: ["OpenDentalAPI", "TerminalUI"]),
        // The only importer of ncurses.
        .systemLibrary(name: "CNcurses"),
        .target(name: "CursesBackend", dependencies: ["CNcurses", "TerminalUI", "FrontDeskCore"]),
        // The runtime: UI loop, inbox + wake pipe, effects on Dispatch queues, refresh ticks.
        .target(name: "FrontDeskApp", dependencies: ["FrontDeskCore", "CursesBackend", "OpenDentalAPI", "TerminalUI", "FrontDeskStore", "CLoaded",
                                                    .product(name: "Logging", package: "swift-log")]),
        // Office profiles from the TOML config file and the environment.
        .target(
            name: "FrontDeskConfig",
            dependencies: ["OpenDentalAPI", "TerminalUI", "TOMLKit"]
        ),
        .executableTarget(
            name: "frontdesk",
            dependencies: [
                "OpenDentalAPI", "FrontDeskConfig", "OpenDentalSandbox", "FrontDeskApp", "FrontDeskCore", "TerminalUI", "FrontDeskStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What network bytes may never do, shared by the fuzz target and the mutation test.
        .target(name: "FrontDeskFuzz", dependencies: ["OpenDentalAPI", "TerminalUI"]),
        .executableTarget(name: "frontdesk-fuzz", dependencies: ["FrontDeskFuzz"]),
        // Every write the dashboard makes against every fault, judged by the sandbox's database.
        .target(name: "FaultMatrix", dependencies: ["FrontDeskApp", "FrontDeskCore", "OpenDentalAPI", "OpenDentalSandbox"]),
        .executableTarget(
            name: "frontdesk-bench",
            dependencies: ["OpenDentalAPI", "OpenDentalSandbox", "FrontDeskCore", "CursesBackend", "TerminalUI", "FaultMatrix", "FrontDeskApp",
                           "FrontDeskStore"]
        ),
        // A small raw HTTP server for what the sandbox cannot produce (redirects, lost answers,
        // hostile error bodies); shared by the test targets, never by the product.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "OpenDentalAPITests", dependencies: ["OpenDentalAPI", "TestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "OpenDentalSandboxTests", dependencies: ["OpenDentalSandbox", "OpenDentalAPI", "TestSupport",
                                                                  .product(name: "FlyingFox", package: "FlyingFox")]),
        .testTarget(name: "FrontDeskCoreTests", dependencies: ["FrontDeskCore", "TerminalUI", "OpenDentalAPI", "FrontDeskConfig"],
                    exclude: ["Golden"]),
        // The real binary in tmux; depends on the executable so it is built first.
        .testTarget(name: "EndToEndTests", dependencies: ["frontdesk", "TestSupport"]),
        .testTarget(name: "FaultMatrixTests", dependencies: ["FaultMatrix", "TestSupport"]),
        .testTarget(name: "FrontDeskAppTests", dependencies: ["FrontDeskApp", "FrontDeskStore", "FrontDeskCore", "OpenDentalAPI",
                                                             "OpenDentalSandbox", "TestSupport",
                                                             .product(name: "Logging", package: "swift-log"),
                                                             .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "FuzzTests", dependencies: ["FrontDeskFuzz", "TerminalUI", "OpenDentalAPI", "OpenDentalSandbox", "TestSupport"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(name: "FrontDeskConfigTests", dependencies: ["FrontDeskConfig", "OpenDentalAPI", "TerminalUI"]),
    ]
)
