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


def fit_decision_offsets(probabilities: np.ndarray, truth: np.ndarray, classes: tuple[str, ...],
                         fixed: tuple[str, ...] = ("N", "Q"), span: float = 3.0, step: float = 0.1,
                         passes: int = 3) -> tuple[np.ndarray, dict]:
    """Per-class offsets o added to the log-probabilities before the argmax, argmax(log p + o), chosen by coordinate
    ascent on a grid (-span..span by step) to maximise `selection_score` on out-of-fold predictions. Adding o to
    the bias of a softmax output layer makes the model itself decide this way (softmax(z + o) is p scaled by
    exp(o), renormalised). The classes in `fixed` keep offset 0 (N is the reference; Q has too few DS1 beats).
    Returns the offsets and the report they reach."""
    log_p = np.log(np.clip(probabilities, 1e-12, 1.0))
    offsets = np.zeros(len(classes))
    grid = np.round(np.arange(-span, span + step / 2, step), 6)

    def score(candidate: np.ndarray) -> float:
        return selection_score(evaluate(truth, (log_p + candidate).argmax(axis=1), classes), classes)

    best = score(offsets)
    for _ in range(passes):
        improved = False
        for c, name in enumerate(classes):
            if name in fixed:
                continue
            for value in grid:
                candidate = offsets.copy()
                candidate[c] = value
                value_score = score(candidate)
                if value_score > best + 1e-9:
                    best, offsets, improved = value_score, candidate, True
        if not improved:
            break
    return offsets, evaluate(truth, (log_p + offsets).argmax(axis=1), classes)
