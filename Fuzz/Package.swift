// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets, one per parser of untrusted bytes. Built with the fuzzer and address sanitizers:
//   swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// and run by tools/fuzz/run.sh. Kept out of the main package so that its builds never need sanitizers. FuzzMultipart
// needs ECGService, so the service's dependencies (Hummingbird, SwiftNIO, PostgresNIO, …) are built with the sanitizers
// too; only the products the targets use are built.
let package = Package(
    name: "swift-ecg-fuzz",
    dependencies: [
        // The Service trait for FuzzMultipart (ECGService's form parsing); the benchmarks are not resolved.
        .package(name: "swift-ecg", path: "..", traits: ["Service"]),
    ],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(
            name: "FuzzRecording", dependencies: ["FuzzSupport", .product(name: "ECGAnalysis", package: "swift-ecg")]),
        .executableTarget(
            name: "FuzzImage", dependencies: ["FuzzSupport", .product(name: "ECGAnalysis", package: "swift-ecg")]),
        .executableTarget(
            name: "FuzzWFDB", dependencies: ["FuzzSupport", .product(name: "ECGAnalysis", package: "swift-ecg")]),
        .executableTarget(
            name: "FuzzKerasJSON", dependencies: ["FuzzSupport", .product(name: "KerasFormat", package: "swift-ecg")]),
        .executableTarget(
            name: "FuzzMultipart", dependencies: ["FuzzSupport", .product(name: "ECGService", package: "swift-ecg")]),
    ],
    swiftLanguageModes: [.v6]
)
