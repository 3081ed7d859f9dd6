"""Where the shipped model errs on DS2: per-record confusion, for the model card (evaluation only, never selection).

    TF_USE_LEGACY_KERAS=1 python tools/train/errors_by_record.py --data ../shared/data/mitdb \
        --model Weights/ecg_model.h5 --out tools/train/results/ds2_by_record.json
"""

from __future__ import annotations

import argparse
import json
import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tf_keras  # noqa: E402

import metrics  # noqa: E402
import mitdb  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True)
    parser.add_argument("--model", default="Weights/ecg_model.h5")
    parser.add_argument("--out", default="tools/train/results/ds2_by_record.json")
    args = parser.parse_args()

    prep = mitdb.Preprocessing.for_model(args.model)
    ds2 = mitdb.load_records(args.data, mitdb.DS2, prep)
    model = tf_keras.models.load_model(args.model)
    predicted = model.predict([ds2.model_windows(prep), ds2.rr], batch_size=1024, verbose=0).argmax(axis=1)
    by_record = {}
    for record in mitdb.DS2:
        mask = ds2.records == record
        report = metrics.evaluate(ds2.labels[mask], predicted[mask], mitdb.CLASSES)
        by_record[str(record)] = {"beats": int(mask.sum()), "errors": int((ds2.labels[mask] != predicted[mask]).sum()),
                                  "confusion": report["confusion"]}
    with open(args.out, "w") as f:
        json.dump({"model": args.model, "classes": list(mitdb.CLASSES), "records": by_record}, f, indent=1)
        f.write("\n")
    total = sum(r["errors"] for r in by_record.values())
    for record, entry in sorted(by_record.items(), key=lambda item: -item[1]["errors"]):
        print(f"{record}: {entry['errors']} errors of {entry['beats']} ({100 * entry['errors'] / total:.1f} % of all)")


if __name__ == "__main__":
    main()
