"""Side-by-side speed comparison: this engine vs TensorFlow vs ONNX Runtime, same model, same input, one run.

For each model (default: the reference model `tools/bench/model/ecg_reference.h5` and the bundled two-input model
`Weights/ecg_model.h5`):
1. Exports the Keras model to ONNX (tf2onnx) and builds an input batch: real MIT-BIH windows for every `[L, 1]`
   signal input, seeded RR-interval-like features for every flat input.
2. Checks that the engine (`ecg model run`), Keras `model.predict` and ONNX Runtime agree within 1e-4
   (absolute) on that input before timing anything; exits non-zero when they do not.
3. Times, for each batch size: the engine (`ecg bench model`, BLAS threads 1 and 2) with the environment as given
   and, when it sets OPENBLAS_CORETYPE, once more without it (OpenBLAS's own kernel choice), TF `model.predict`,
   a TF `tf.function`, and ONNX Runtime with 1 and 2 intra-op threads; median, p90 and minimum over the same
   number of iterations after a warm-up. The engine's and ONNX Runtime's rows run `--rounds` times (default 3),
   alternating, and each keeps its round with the lowest minimum.
4. Prints one table per model and writes them, with ratios, the load average and the exact command, into the
   section "Engine vs TensorFlow / ONNX Runtime" of docs/PERFORMANCE.md (the rest of the file is kept).

Usage (from the repository root, after `swift build -c release --disable-default-traits`):
    .venv/bin/python tools/bench/compare.py [--models A.h5 B.h5] [--batches 1 8 64] [--iterations 300] [--rounds 3]
"""
import argparse
import datetime
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from ecg_windows import load_windows  # noqa: E402
from export_onnx import export  # noqa: E402
from flops import forward_flops  # noqa: E402

SECTION = "Engine vs TensorFlow / ONNX Runtime"
TOLERANCE = 1e-4


def timed(run, iterations: int, warmup: int) -> dict:
    """Median, p90 and minimum wall time of `run()` in milliseconds."""
    for _ in range(warmup):
        run()
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1e3)
    return {"median_ms": float(np.median(samples)), "p90_ms": float(np.percentile(samples, 90)),
            "min_ms": float(np.min(samples))}


def engine_configurations() -> list:
    """(label, environment) pairs the engine is timed under: the environment as given and, when it pins
    OpenBLAS's kernels with OPENBLAS_CORETYPE, also with that variable removed (OpenBLAS's own CPU detection)."""
    configurations = [("this engine", dict(os.environ))]
    if "OPENBLAS_CORETYPE" in os.environ:
        configurations[0] = (f"this engine (OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']})", dict(os.environ))
        auto = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
        configurations.append(("this engine (OpenBLAS core auto-detected)", auto))
    return configurations


def run_engine(ecg: str, args: list, env=None) -> str:
    completed = subprocess.run([ecg, *args], capture_output=True, text=True, env=env)
    if completed.returncode != 0:
        raise SystemExit(f"`{shlex.join([ecg, *args])}` failed: {completed.stderr.strip()}")
    return completed.stdout


def check_agreement(ecg, model_path, keras_model, onnx_session, xs, workdir) -> dict:
    """Max absolute difference of the engine and ONNX Runtime against Keras on the inputs `xs`."""
    input_args = []
    for index, x in enumerate(xs):
        input_path = os.path.join(workdir, f"x_in{index}.npy")
        np.save(input_path, x)
        input_args += ["--input", input_path]
    output_path = os.path.join(workdir, "y.npy")
    run_engine(ecg, ["model", "run", model_path, *input_args, "--output", output_path])
    engine = np.load(output_path)
    keras_out = keras_model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
    ort_out = onnx_session.run(None, onnx_feed(onnx_session, xs))[0]
    differences = {
        "engine_vs_keras": float(np.max(np.abs(engine - keras_out))),
        "onnxruntime_vs_keras": float(np.max(np.abs(ort_out - keras_out))),
    }
    for name, value in differences.items():
        if not value <= TOLERANCE:
            raise SystemExit(f"outputs disagree before timing: {name} max |diff| = {value:.3g} > {TOLERANCE}")
    return differences


def onnx_feed(session, xs) -> dict:
    """ONNX Runtime's feed: the session's inputs in the Keras model's input order."""
    return {spec.name: x for spec, x in zip(session.get_inputs(), xs)}


def model_inputs(keras_model, mitdb: str, count: int) -> list:
    """One float32 array per model input: MIT-BIH windows for `[L, 1]` inputs, RR-like features (seconds and
    ratios around 0.8 s and 1) for flat ones."""
    rng = np.random.default_rng(11)
    shapes = keras_model.input_shape if isinstance(keras_model.input_shape, list) else [keras_model.input_shape]
    xs = []
    for shape in shapes:
        if len(shape) == 3 and shape[2] == 1:
            xs.append(load_windows(mitdb, count=count, seed=7, window=shape[1]))
        elif len(shape) == 2:
            xs.append(rng.normal(0.8, 0.15, (count, shape[1])).astype(np.float32))
        else:
            raise SystemExit(f"no benchmark input for a model input of shape {shape}")
    return xs


def onnx_session(path: str, threads: int):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def measure(args, model_path: str) -> dict:
    import onnxruntime as ort
    import tensorflow as tf
    import tf_keras as keras

    os.makedirs(args.workdir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(model_path))[0]
    onnx_path = os.path.join(args.workdir, f"{stem}.onnx")
    export(model_path, onnx_path)
    keras_model = keras.models.load_model(model_path, compile=False)
    flops = forward_flops(keras_model)
    inputs = model_inputs(keras_model, args.mitdb, max(args.batches))
    sessions = {threads: onnx_session(onnx_path, threads) for threads in (1, 2)}
    agreement = check_agreement(args.ecg, model_path, keras_model, sessions[1], inputs, args.workdir)

    @tf.function(reduce_retracing=True)
    def tf_forward(xs):
        return keras_model(xs if len(xs) > 1 else xs[0], training=False)

    rows = []
    for batch in args.batches:
        xs = [x[:batch] for x in inputs]
        input_args = []
        for index, x in enumerate(xs):
            input_path = os.path.join(args.workdir, f"{stem}_x{batch}_{index}.npy")
            np.save(input_path, x)
            input_args += ["--input", input_path]
        iterations = max(20, args.iterations // max(1, batch // 8))
        # The engine's and ONNX Runtime's rows are measured `--rounds` times, alternating, and each keeps its round
        # with the lowest minimum: on a shared VM a whole run of two threads can land in a slow spell, and one round
        # each would make the ratio a matter of which runtime hit it.
        candidates = {}
        for _ in range(args.rounds):
            for label, environment in engine_configurations():
                for threads in (1, 2):
                    line = run_engine(args.ecg, ["bench", "model", model_path, "--batch", str(batch), "--threads",
                                                 str(threads), "--iterations", str(iterations), *input_args],
                                      env=environment)
                    result = json.loads(line.strip().splitlines()[-1])
                    candidates.setdefault((label, threads), []).append(
                        {"runtime": label, "engine": True, "threads": threads, "batch": batch, **result})
            for threads, session in sessions.items():
                feed = onnx_feed(session, xs)
                candidates.setdefault(("ONNX Runtime", threads), []).append(
                    {"runtime": "ONNX Runtime", "threads": threads, "batch": batch,
                     **timed(lambda: session.run(None, feed), iterations, 10)})
        measured = {key: min(runs, key=lambda r: r["min_ms"]) for key, runs in candidates.items()}
        rows += [row for key, row in measured.items() if key[0] != "ONNX Runtime"]
        tensors = [tf.constant(x) for x in xs]
        keras_x = xs if len(xs) > 1 else xs[0]
        rows.append({"runtime": "TF model.predict", "threads": "default", "batch": batch,
                     **timed(lambda: keras_model.predict(keras_x, batch_size=batch, verbose=0),
                             max(10, iterations // 10), 3)})
        rows.append({"runtime": "TF tf.function", "threads": "default", "batch": batch,
                     **timed(lambda: tf_forward(tensors).numpy(), iterations, 10)})
        rows += [row for key, row in measured.items() if key[0] == "ONNX Runtime"]
    for row in rows:
        row["windows_per_s"] = row["batch"] / (row["median_ms"] / 1e3)
        row["gflops_per_s"] = row["batch"] * flops / (row["median_ms"] / 1e3) / 1e9
    return {
        "model": model_path, "rows": rows, "flops": flops, "rounds": args.rounds, "agreement": agreement, "batches": args.batches,
        "window": inputs[0].shape[1], "has_features": any(x.ndim == 2 for x in inputs),
        "versions": {"tensorflow": tf.__version__, "tf_keras": keras.__version__, "onnxruntime": ort.__version__,
                     "python": platform.python_version()},
    }


def best(rows, runtime, batch, key="min_ms"):
    candidates = [r for r in rows if r["runtime"] == runtime and r["batch"] == batch]
    return min(candidates, key=lambda r: r[key])


def engine_labels(rows) -> list:
    return list(dict.fromkeys(r["runtime"] for r in rows if r.get("engine")))


def render_header(results: list, command: str) -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    versions = results[0]["versions"]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return "\n".join([
        f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({cpu}), "
        f"load average at the end {load} (1, 5, 15 min; the machine is shared); "
        + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".",
        "",
        "Command:",
        "",
        "```sh",
        command,
        "```",
        "",
        "Each model's engine rows ran twice in the same run: with the environment as set "
        f"(`OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}`) and with `OPENBLAS_CORETYPE` unset "
        "(OpenBLAS picks its kernels by CPU detection). ONNX Runtime brings its own kernels. Ratios use each "
        "runtime's minimum over its iterations and its best thread setting (the machine is shared: the minimum is "
        "the least disturbed figure); the engine's and ONNX Runtime's rows are each the best of "
        f"{results[0].get('rounds', 1)} alternating rounds; 'engine speed-up' is each row's median over the first engine configuration's "
        "best median at that batch.",
        "",
    ]) + "\n"


def render(result: dict) -> str:
    rows = result["rows"]
    lines = [
        f"### `{result['model']}`",
        "",
        f"{result['flops'] / 1e6:.2f} MFLOP per {result['window']}-sample window; input: real MIT-BIH windows"
        + (" and seeded RR-like features" if result["has_features"] else "")
        + ". Before timing, the outputs agreed with Keras "
        f"(max |diff|: engine {result['agreement']['engine_vs_keras']:.2g}, "
        f"ONNX Runtime {result['agreement']['onnxruntime_vs_keras']:.2g}; limit {TOLERANCE:g}).",
        "",
        "| batch | runtime | threads | median ms | p90 ms | min ms | windows/s | GFLOP/s | engine speed-up |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    labels = engine_labels(rows)
    for batch in result["batches"]:
        engine = best(rows, labels[0], batch, "median_ms")
        for row in (r for r in rows if r["batch"] == batch):
            lines.append(
                f"| {batch} | {row['runtime']} | {row['threads']} | {row['median_ms']:.3f} | {row['p90_ms']:.3f} | "
                f"{row['min_ms']:.3f} | {row['windows_per_s']:,.0f} | {row['gflops_per_s']:.1f} | "
                f"{row['median_ms'] / engine['median_ms']:.2f}× |"
            )
    lines += ["", "Targets (ratios of minimum times from this run; engine and ONNX Runtime each at their best thread "
              "setting):", ""]
    first, last = min(result["batches"]), max(result["batches"])
    for label in labels:
        latency = best(rows, label, first)["min_ms"] / best(rows, "ONNX Runtime", first)["min_ms"]
        throughput = best(rows, "ONNX Runtime", last)["min_ms"] / best(rows, label, last)["min_ms"]
        lines += [
            f"- {label}: batch {first} latency engine / ONNX Runtime **{latency:.2f}** (target ≤ 0.80); "
            f"batch {last} throughput engine / ONNX Runtime **{throughput:.2f}** (target ≥ 1.00)",
        ]
    load_ms = float(np.median([r["load_ms"] for r in rows if r.get("engine")]))
    lines.append(f"- model load (open file → ready), median over the engine runs: **{load_ms:.1f} ms** (target ≤ 20)")
    return "\n".join(lines) + "\n"


def write_section(doc_path: str, body: str) -> None:
    """Replaces (or appends) the `## SECTION` block of `doc_path`, leaving every other section untouched."""
    text = open(doc_path).read() if os.path.exists(doc_path) else "# Performance\n"
    block = f"## {SECTION}\n\n{body}"
    pattern = re.compile(rf"^## {re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: block + "\n", text, count=1).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + block
    os.makedirs(os.path.dirname(os.path.abspath(doc_path)), exist_ok=True)
    with open(doc_path, "w") as handle:
        handle.write(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ecg", default=".build/release/ecg", help="the engine's CLI")
    parser.add_argument("--models", nargs="+", default=["tools/bench/model/ecg_reference.h5", "Weights/ecg_model.h5"])
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 8, 64])
    parser.add_argument("--iterations", type=int, default=300, help="timed iterations at batch ≤ 8 (fewer above)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating rounds of the engine's and ONNX Runtime's rows; each keeps its best round")
    parser.add_argument("--mitdb", default="../shared/data/mitdb")
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "ecg-bench-compare"))
    parser.add_argument("--doc", default="docs/PERFORMANCE.md", help="file whose section is rewritten")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args()

    results = [measure(args, model) for model in args.models]
    command = ".venv/bin/python " + shlex.join(["tools/bench/compare.py", *sys.argv[1:]])
    body = render_header(results, command) + "\n".join(render(result) for result in results)
    print(body)
    if not args.no_write:
        write_section(args.doc, body)
        print(f"wrote section '{SECTION}' of {args.doc}")


if __name__ == "__main__":
    main()
