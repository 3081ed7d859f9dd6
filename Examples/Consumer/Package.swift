// swift-tools-version:6.1
import Foundation
import PackageDescription

// A program that depends on swift-ecg by version, as any other package would. In your own package write swift-ecg's
// git URL here. `SWIFT_ECG_URL` overrides it (CI points it at a local clone tagged 1.0.0); the default is the
// checkout this example sits in, which then needs a version tag.
let swiftECG = Context.environment["SWIFT_ECG_URL"]
    ?? "file://" + URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().deletingLastPathComponent().path

let package = Package(
    name: "ecg-consumer",
    platforms: [.macOS(.v14)],
    dependencies: [
        // No traits: the HTTP layer and the benchmarks are not even resolved.
        .package(url: swiftECG, from: "1.0.0", traits: []),
    ],
    targets: [
        .executableTarget(
            name: "ecg-consumer",
            dependencies: [.product(name: "ECGAnalysis", package: "swift-ecg")]
        ),
    ]
)
