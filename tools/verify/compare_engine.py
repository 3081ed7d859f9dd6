"""Run every DS2 beat through Keras and through the Swift engine (`ecg model run`) and compare the outputs.

    swift build -c release --disable-default-traits
    python tools/verify/compare_engine.py --data ../shared/data/mitdb --model Weights/ecg_model.h5

Inputs are the model's own two inputs (beat windows [N, 256, 1] and the sidecar's rr_features [N, k], float32, built exactly
as tools/train builds them), so the comparison isolates the forward pass. Reports argmax agreement, the largest
absolute probability difference and each side's DS2 accuracy; writes tools/verify/results/compare_engine.json.
Exits 1 when agreement < --min-agreement or the difference > --max-difference.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tf_keras  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "train"))
import metrics  # noqa: E402
import mitdb  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="folder with the MIT-BIH Arrhythmia Database (WFDB)")
    parser.add_argument("--model", default="Weights/ecg_model.h5")
    parser.add_argument("--ecg", default=".build/release/ecg", help="the project's CLI executable")
    parser.add_argument("--results", default="tools/verify/results")
    parser.add_argument("--min-agreement", type=float, default=0.9999)
    parser.add_argument("--max-difference", type=float, default=1e-4)
    args = parser.parse_args()

    prep = mitdb.Preprocessing.for_model(args.model)
    ds2 = mitdb.load_records(args.data, mitdb.DS2, prep)
    windows, rr = ds2.model_windows(prep), ds2.rr
    keras_probabilities = tf_keras.models.load_model(args.model).predict([windows, rr], batch_size=1024, verbose=0)

    with tempfile.TemporaryDirectory() as work:
        paths = {name: os.path.join(work, f"{name}.npy") for name in ("windows", "rr", "y")}
        np.save(paths["windows"], windows)
        np.save(paths["rr"], rr)
        command = [args.ecg, "model", "run", args.model, "--input", paths["windows"], "--input", paths["rr"],
                   "--output", paths["y"]]
        started = time.time()
        completed = subprocess.run(command, capture_output=True, text=True)
        engine_seconds = time.time() - started
        if completed.returncode != 0:
            print(f"engine failed ({completed.returncode}): {completed.stderr.strip()}", file=sys.stderr)
            return 2
        engine_probabilities = np.load(paths["y"])

    if engine_probabilities.shape != keras_probabilities.shape:
        print(f"shape mismatch: engine {engine_probabilities.shape}, Keras {keras_probabilities.shape}",
              file=sys.stderr)
        return 2
    keras_class = keras_probabilities.argmax(axis=1)
    engine_class = engine_probabilities.argmax(axis=1)
    difference = np.abs(engine_probabilities.astype(np.float64) - keras_probabilities.astype(np.float64))
    disagreements = np.flatnonzero(keras_class != engine_class)
    result = {
        "model": args.model,
        "beats": int(len(ds2.labels)),
        "argmax_agreement": float(np.mean(keras_class == engine_class)),
        "disagreements": int(len(disagreements)),
        "max_abs_probability_difference": float(difference.max()),
        "mean_abs_probability_difference": float(difference.mean()),
        "keras_ds2_accuracy": metrics.evaluate(ds2.labels, keras_class, mitdb.CLASSES)["accuracy"],
        "engine_ds2_accuracy": metrics.evaluate(ds2.labels, engine_class, mitdb.CLASSES)["accuracy"],
        "engine_wall_seconds": round(engine_seconds, 2),
    }
    os.makedirs(args.results, exist_ok=True)
    with open(os.path.join(args.results, "compare_engine.json"), "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    for key, value in result.items():
        print(f"{key}: {value}")
    passed = (result["argmax_agreement"] >= args.min_agreement
              and result["max_abs_probability_difference"] <= args.max_difference)
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
