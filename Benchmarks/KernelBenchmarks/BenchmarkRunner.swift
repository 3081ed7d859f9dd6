#if Benchmarks
import Benchmark

/// The entry point ordo-one/benchmark's build plugin would generate; written out so that no plugin runs in builds
/// without the `Benchmarks` trait.
@main
struct BenchmarkRunner: BenchmarkRunnerHooks {
    static func registerBenchmarks() {
        _ = benchmarks()
    }
}
#else
/// Built without the `Benchmarks` trait: says how to run the benchmarks.
@main
struct BenchmarkRunner {
    static func main() {
        print("built without the Benchmarks trait; run: swift package --traits Benchmarks benchmark")
    }
}
#endif
