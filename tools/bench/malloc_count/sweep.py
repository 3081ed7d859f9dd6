"""Allocations per forward of every model `ecg bench model` can load: the bundled model, the reference model and
each full-model fixture of Tests/Fixtures/manifest.json, at batch 1 on one thread and batch 8 split over two.

    cc -O2 -shared -fPIC -o .build/libmalloc_count.so tools/bench/malloc_count/malloc_count.c
    swift build -c release --disable-default-traits --product ecg
    python3 tools/bench/malloc_count/sweep.py

Prints one line per model (path, then mallocs per forward for each setting) and a summary.
"""

import json
import os
import subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SETTINGS = [(1, 1), (8, 2)]


def main() -> None:
    with open(os.path.join(ROOT, "Tests/Fixtures/manifest.json")) as handle:
        fixtures = json.load(handle)["fixtures"]
    models = [("bundled", "Weights/ecg_model.h5"), ("reference", "tools/bench/model/ecg_reference.h5")]
    models += [(entry["name"], "Tests/Fixtures/" + entry["model"]) for entry in fixtures if not entry.get("config")]
    env = dict(os.environ, LD_PRELOAD=os.path.join(ROOT, ".build/libmalloc_count.so"))
    env.setdefault("OPENBLAS_CORETYPE", "Haswell")
    planned, generic = {}, {}
    for name, path in models:
        counts, route = [], None
        for batch, threads in SETTINGS:
            command = [os.path.join(ROOT, ".build/release/ecg"), "bench", "model", path, "--batch", str(batch),
                       "--threads", str(threads), "--iterations", "20", "--warmup", "5"]
            result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
            if result.returncode != 0:
                break
            report = json.loads(result.stdout)
            route = report["path"]
            counts.append(report["mallocs_per_forward"])
        if len(counts) != len(SETTINGS):
            continue
        (planned if route == "planned" else generic)[name] = counts
        print(f"{name}: {route[:60]} {counts}")
    nonzero = {name: counts for name, counts in planned.items() if any(counts)}
    generic_counts = [count for counts in generic.values() for count in counts]
    print(f"planned models: {len(planned)}, with allocations: {nonzero or 'none'}")
    if generic_counts:
        print(f"layer-by-layer models: {len(generic)}, mallocs per forward {min(generic_counts)}–{max(generic_counts)}")


if __name__ == "__main__":
    main()
