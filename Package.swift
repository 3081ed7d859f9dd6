// swift-tools-version:6.1
import PackageDescription

// Optional parts are package traits (SE-0450), never environment variables:
// - `Service` (default): the HTTP layer (ECGService over Hummingbird and MultipartKit, with PostgresNIO for the
//   database result store, swift-prometheus / swift-metrics and swift-service-lifecycle) and `ecg serve`.
//   `swift build --disable-default-traits` builds everything else without Hummingbird.
// - `Benchmarks`: the ordo-one/benchmark targets in Benchmarks/ (`swift package --traits Benchmarks benchmark`).
// A package that depends on this one builds only the products it uses; with `traits: []` on its `.package` line
// SwiftPM does not even fetch the HTTP layer's or the benchmarks' dependencies (Examples/Consumer).

let package = Package(
    name: "swift-ecg",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ecg", targets: ["ecg"]),
        .library(name: "HDF5Reader", targets: ["HDF5Reader"]),
        .library(name: "KerasFormat", targets: ["KerasFormat"]),
        .library(name: "NeuralKernels", targets: ["NeuralKernels"]),
        .library(name: "ECGAnalysis", targets: ["ECGAnalysis"]),
        .library(name: "ECGService", targets: ["ECGService"]),
    ],
    traits: [
        .trait(name: "Service", description: "The HTTP layer (ECGService over Hummingbird 2, PostgreSQL result store, metrics) and `ecg serve`."),
        .trait(name: "Benchmarks", description: "The ordo-one/benchmark targets in Benchmarks/."),
        .default(enabledTraits: ["Service"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
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
        // NeuralKernels knows no file format: layers are built from typed specs. KerasFormat decodes Keras files into
        // those specs, so it depends on NeuralKernels, not the other way round.
        // The recurrent micro-kernels in C: per-function AVX2 / AVX-512 target attributes with run-time dispatch, so
        // that the package needs no compiler flags and still runs on any x86-64 (and elsewhere, portably).
        .target(name: "_NeuralKernelsSIMD"),
        .target(name: "NeuralKernels", dependencies: ["CBLAS", "_NeuralKernelsSIMD"]),
        .target(
            name: "KerasFormat",
            dependencies: [
                "HDF5Reader",
                "NeuralKernels",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "ECGAnalysis",
            dependencies: [
                "NeuralKernels",
                "KerasFormat",
                "HDF5Reader",
                "CImage",
            ],
            // The bundled model: Weights/ holds the one copy; SwiftPM copies these files into the resource bundle.
            resources: [
                .copy("../../Weights/ecg_model.h5"),
                .copy("../../Weights/label_classes.npy"),
                .copy("../../Weights/ecg_model.preprocessing.json"),
            ]
        ),
        .target(
            name: "ECGService",
            dependencies: [
                "ECGAnalysis",
                .product(name: "Hummingbird", package: "hummingbird", condition: .when(traits: ["Service"])),
                .product(name: "MultipartKit", package: "multipart-kit", condition: .when(traits: ["Service"])),
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["Service"])),
                .product(name: "Prometheus", package: "swift-prometheus", condition: .when(traits: ["Service"])),
                .product(name: "Metrics", package: "swift-metrics", condition: .when(traits: ["Service"])),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle", condition: .when(traits: ["Service"])),
            ]
        ),
        .executableTarget(
            name: "ecg",
            dependencies: [
                "HDF5Reader", "KerasFormat", "NeuralKernels", "ECGAnalysis", "CBLAS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .target(name: "ECGService", condition: .when(traits: ["Service"])),
            ]
        ),
        .testTarget(name: "HDF5ReaderTests", dependencies: ["HDF5Reader"]),
        // Runs the built `ecg` executable as a child process (no module dependency).
        .testTarget(name: "ECGCommandTests"),
        .testTarget(
            name: "KerasFormatTests",
            dependencies: [
                "KerasFormat", "NeuralKernels", "HDF5Reader",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(name: "NeuralKernelsTests", dependencies: ["NeuralKernels", "KerasFormat", "HDF5Reader"]),
        .testTarget(name: "ECGAnalysisTests", dependencies: ["ECGAnalysis", "KerasFormat", "HDF5Reader"]),
        .testTarget(
            name: "ECGServiceTests",
            dependencies: [
                "ECGService", "ECGAnalysis", "NeuralKernels", "KerasFormat", "HDF5Reader",
                .product(name: "HummingbirdTesting", package: "hummingbird", condition: .when(traits: ["Service"])),
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["Service"])),
            ]
        ),
        // Benchmarks: their sources compile to a stub unless the `Benchmarks` trait is on. The `@main` that
        // ordo-one/benchmark's build plugin would generate is written out in each target (BenchmarkRunner.swift),
        // so that no plugin runs (and nothing is resolved) in ordinary builds.
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                "NeuralKernels",
                .product(name: "Benchmark", package: "benchmark", condition: .when(traits: ["Benchmarks"])),
            ],
            path: "Benchmarks/BenchmarkSupport"
        ),
        .executableTarget(
            name: "KernelBenchmarks",
            dependencies: [
                "NeuralKernels", "KerasFormat", "HDF5Reader", "BenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark", condition: .when(traits: ["Benchmarks"])),
            ],
            path: "Benchmarks/KernelBenchmarks"
        ),
        .executableTarget(
            name: "ModelBenchmarks",
            dependencies: [
                "NeuralKernels", "KerasFormat", "HDF5Reader", "BenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark", condition: .when(traits: ["Benchmarks"])),
            ],
            path: "Benchmarks/ModelBenchmarks"
        ),
    ],
    swiftLanguageModes: [.v6]
)
