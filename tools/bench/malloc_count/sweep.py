"""Allocations per forward of every model `ecg bench model` can load: the bundled model, the reference model and
each fixture of Tests/Fixtures/manifest.json that has expected outputs (full-model files, and weights-only files with
their model JSON through --config), at batch 1 on one thread and batch 8 split over two.

    cc -O2 -shared -fPIC -o .build/libmalloc_count.so tools/bench/malloc_count/malloc_count.c
    swift build -c release --disable-default-traits --product ecg
    python3 tools/bench/malloc_count/sweep.py

Prints one line per model (name, plan steps, then mallocs per forward for each setting), the models that did not
load (with the CLI's error line) and a summary; exits non-zero when a model allocates or does not load.
"""

import json
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SETTINGS = [(1, 1), (8, 2)]


def main() -> None:
    with open(os.path.join(ROOT, "Tests/Fixtures/manifest.json")) as handle:
        fixtures = json.load(handle)["fixtures"]
    models = [("bundled", "Weights/ecg_model.h5", None), ("reference", "tools/bench/model/ecg_reference.h5", None)]
    models += [(entry["name"], "Tests/Fixtures/" + entry["model"],
                "Tests/Fixtures/" + entry["config"] if entry.get("config") else None)
               for entry in fixtures if entry.get("outputs")]
    env = dict(os.environ, LD_PRELOAD=os.path.join(ROOT, ".build/libmalloc_count.so"))
    env.setdefault("OPENBLAS_CORETYPE", "Haswell")
    measured, failed = {}, {}
    for name, path, config in models:
        counts, steps = [], None
        for batch, threads in SETTINGS:
            command = [os.path.join(ROOT, ".build/release/ecg"), "bench", "model", path, "--batch", str(batch),
                       "--threads", str(threads), "--iterations", "20", "--warmup", "5"]
            if config:
                command += ["--config", config]
            result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
            if result.returncode != 0:
                failed[name] = result.stderr.strip().splitlines()[-1:] or ["exit %d" % result.returncode]
                break
            report = json.loads(result.stdout)
            steps = report["plan_steps"]
            counts.append(report["mallocs_per_forward"])
        if len(counts) != len(SETTINGS):
            print(f"{name}: did not load: {failed.get(name)}")
            continue
        measured[name] = counts
        print(f"{name}: {steps} plan steps, mallocs per forward {counts}")
    nonzero = {name: counts for name, counts in measured.items() if any(counts)}
    print(f"models: {len(measured)} measured, {len(failed)} not loaded; with allocations: {nonzero or 'none'}")
    if nonzero or failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
