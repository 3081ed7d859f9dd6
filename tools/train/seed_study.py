"""Held-out scores of single cross-validation runs and of the average of their probabilities (a seed ensemble).

    python tools/train/seed_study.py RUN1/out_of_fold.npz RUN2/out_of_fold.npz ...

Each file is what `train.py --select-only --results RUN` writes for one setting and seed: the DS1 held-out labels,
their fold, and the probabilities after every epoch. Prints, per run and for the ensemble of all runs, the mean
over folds of `metrics.selection_score` for every epoch, and the best epoch — the number `--select-only` selects
on. DS2 is not read.
"""

from __future__ import annotations

import sys

import numpy as np

import metrics
import mitdb


def mean_fold_scores(probabilities: np.ndarray, labels: np.ndarray, folds: np.ndarray) -> list[float]:
    """probabilities [epochs, beats, classes] -> mean fold score per epoch."""
    return [float(np.mean([metrics.selection_score(metrics.evaluate(
        labels[folds == k], epoch[folds == k].argmax(axis=1), mitdb.CLASSES), mitdb.CLASSES)
        for k in np.unique(folds)])) for epoch in probabilities]


def main() -> None:
    runs = [np.load(path) for path in sys.argv[1:]]
    if not runs:
        raise SystemExit(__doc__)
    labels, folds = runs[0]["labels"], runs[0]["folds"]
    if any(not np.array_equal(r["labels"], labels) or not np.array_equal(r["folds"], folds) for r in runs):
        raise SystemExit("the runs hold different held-out beats")
    rows = [(path, r["probabilities"]) for path, r in zip(sys.argv[1:], runs)]
    rows.append((f"average of the {len(runs)} runs", np.mean([r["probabilities"] for r in runs], axis=0)))
    for name, probabilities in rows:
        scores = mean_fold_scores(probabilities, labels, folds)
        best = int(np.argmax(scores))
        print(f"{name}: best {scores[best]:.4f} at epoch {best + 1} (per epoch: {' '.join(f'{v:.3f}' for v in scores)})")


if __name__ == "__main__":
    main()
