"""Beat classification metrics as the inter-patient literature reports them (AAMI EC57 classes)."""

from __future__ import annotations

import numpy as np


def evaluate(truth: np.ndarray, predicted: np.ndarray, classes: tuple[str, ...]) -> dict:
    """Confusion matrix (rows = reference, columns = predicted), per-class sensitivity (Se) and positive
    predictive value (+P) in percent (None when undefined), overall accuracy as a fraction."""
    k = len(classes)
    confusion = np.bincount(truth * k + predicted, minlength=k * k).reshape(k, k)
    per_class = {}
    for c, name in enumerate(classes):
        reference, called, hits = confusion[c].sum(), confusion[:, c].sum(), confusion[c, c]
        per_class[name] = {
            "beats": int(reference),
            "se": round(100.0 * hits / reference, 1) if reference else None,
            "ppv": round(100.0 * hits / called, 1) if called else None,
        }
    return {
        "classes": list(classes),
        "confusion": confusion.tolist(),
        "accuracy": round(float(np.trace(confusion) / confusion.sum()), 4),
        "per_class": per_class,
    }


def selection_score(report: dict, classes: tuple[str, ...], min_beats: int = 10) -> float:
    """Mean F1 over the classes with at least `min_beats` reference beats (model selection on DS1 only)."""
    scores = []
    for name in classes:
        entry = report["per_class"][name]
        if entry["beats"] < min_beats:
            continue
        se, ppv = (entry["se"] or 0.0) / 100.0, (entry["ppv"] or 0.0) / 100.0
        scores.append(0.0 if se + ppv == 0 else 2 * se * ppv / (se + ppv))
    return float(np.mean(scores))


def markdown(report: dict, classes: tuple[str, ...]) -> str:
    """Confusion matrix and per-class table in Markdown."""
    lines = ["| reference \\ predicted | " + " | ".join(classes) + " | beats |",
             "|---|" + "---:|" * (len(classes) + 1)]
    for name, row in zip(classes, report["confusion"]):
        lines.append(f"| **{name}** | " + " | ".join(str(v) for v in row) + f" | {sum(row)} |")
    lines += ["", "| class | beats | Se % | +P % |", "|---|---:|---:|---:|"]
    for name in classes:
        entry = report["per_class"][name]
        fmt = lambda v: "–" if v is None else f"{v:.1f}"  # noqa: E731
        lines.append(f"| {name} | {entry['beats']} | {fmt(entry['se'])} | {fmt(entry['ppv'])} |")
    lines += ["", f"Overall accuracy: {100 * report['accuracy']:.2f} %"]
    return "\n".join(lines)
