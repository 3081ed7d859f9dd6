// swift-tools-version:6.1
import Foundation
import PackageDescription

/// Benchmark targets pull in ordo-one/benchmark; they are only declared when `ECG_BENCHMARKS=1`
/// so that `swift build` and `swift test` stay lean.
let benchmarksEnabled = ProcessInfo.processInfo.environment["ECG_BENCHMARKS"] == "1"

/// `ECG_CORE_ONLY=1` leaves out the HTTP layer (and its Hummingbird dependency tree) for quick
/// builds of the engine and the analysis library; `ecg serve` is then unavailable.
let coreOnly = ProcessInfo.processInfo.environment["ECG_CORE_ONLY"] == "1"

/// Kernels are hot loops over raw buffers; bounds are checked by the callers.
let kernelSettings: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release)),
]

var dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
]

var targets: [Target] = [
    .systemLibrary(
        name: "CHDF5",
        pkgConfig: "hdf5-serial",
        providers: [.apt(["libhdf5-dev"])]
    ),
    .systemLibrary(
        name: "CBLAS",
        pkgConfig: "openblas",
        providers: [.apt(["libopenblas-dev"])]
    ),
    .systemLibrary(
        name: "CImage",
        providers: [.apt(["libpng-dev", "libturbojpeg0-dev"])]
    ),
    .target(name: "HDF5Reader", dependencies: ["CHDF5"]),
    .target(name: "NeuralKernels", dependencies: ["HDF5Reader", "CBLAS"], swiftSettings: kernelSettings),
    .target(name: "ECGAnalysis", dependencies: ["NeuralKernels", "HDF5Reader", "CImage"]),
    .executableTarget(
        name: "ecg",
        dependencies: [
            "HDF5Reader", "NeuralKernels", "ECGAnalysis", "CBLAS",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ] + (coreOnly ? [] : ["ECGService"]),
        swiftSettings: coreOnly ? [] : [.define("ECG_SERVICE")]
    ),
    .testTarget(name: "HDF5ReaderTests", dependencies: ["HDF5Reader"]),
    .testTarget(name: "NeuralKernelsTests", dependencies: ["NeuralKernels", "HDF5Reader"]),
    .testTarget(name: "ECGAnalysisTests", dependencies: ["ECGAnalysis"]),
]

if !coreOnly {
    dependencies += [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
    ]
    targets += [
        .target(
            name: "ECGService",
            dependencies: [
                "ECGAnalysis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ]
        ),
        .testTarget(
            name: "ECGServiceTests",
            dependencies: [
                "ECGService", "ECGAnalysis", "NeuralKernels", "HDF5Reader",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
}

if benchmarksEnabled {
    dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"])
    )
    let benchmarkDependencies: [Target.Dependency] = [
        "NeuralKernels", "HDF5Reader", "BenchmarkSupport",
        .product(name: "Benchmark", package: "benchmark"),
    ]
    targets += [
        .target(
            name: "BenchmarkSupport",
            dependencies: ["NeuralKernels", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/BenchmarkSupport"
        ),
        .executableTarget(
            name: "KernelBenchmarks",
            dependencies: benchmarkDependencies,
            path: "Benchmarks/KernelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ModelBenchmarks",
            dependencies: benchmarkDependencies,
            path: "Benchmarks/ModelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
}

let package = Package(
    name: "swift-ecg",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ecg", targets: ["ecg"]),
        .library(name: "HDF5Reader", targets: ["HDF5Reader"]),
        .library(name: "NeuralKernels", targets: ["NeuralKernels"]),
        .library(name: "ECGAnalysis", targets: ["ECGAnalysis"]),
    ] + (coreOnly ? [] : [.library(name: "ECGService", targets: ["ECGService"])]),
    dependencies: dependencies,
    targets: targets,
    swiftLanguageModes: [.v6]
)
